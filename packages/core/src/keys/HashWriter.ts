import { createHash, hash as sha256Once, type Hash } from 'node:crypto';
import { types } from 'node:util';
import { recentSha256 } from './recentDigests';

const CHUNK_BYTES = 64 * 1024;
const UTF16_FLAG = 0x80000000;

// Entries of a Map or Set are a few dozen bytes: copied by hand, they cost less than a call to Buffer#copy.
function copyBytes(source: Uint8Array, start: number, end: number, target: Uint8Array, at: number): void {
  if (end - start > 64) {
    target.set(source.subarray(start, end), at);
    return;
  }
  for (let index = start; index < end; index++) target[at++] = source[index];
}

/**
 * Feeds a stream of small tokens and raw bytes into sha256. Small tokens are batched in one buffer (hashing
 * token by token is ten times slower); inputs that fit in the buffer are hashed in one shot, larger ones stream.
 * Binary data above the buffer size goes to the hash as it is, never copied or stringified.
 */
export class HashWriter {
  // An ArrayBuffer of its own, so that `words` can see it as aligned 4-byte words.
  private readonly buffer = Buffer.from(new ArrayBuffer(CHUNK_BYTES));
  /** The buffer as words in this machine's byte order, for the digest memo's comparisons. */
  private readonly words = new Uint32Array(this.buffer.buffer, 0, CHUNK_BYTES / 4);
  // Numbers go through a DataView: Buffer#writeUInt32LE and #writeDoubleLE cost ten times as much. Little-endian
  // is stated on every write, so the bytes are the same on every platform.
  private readonly view = new DataView(this.buffer.buffer, this.buffer.byteOffset, CHUNK_BYTES);
  private offset = 0;
  private hash: Hash | undefined;

  byte(value: number): void {
    if (this.offset + 1 > CHUNK_BYTES) this.flush();
    this.buffer[this.offset++] = value;
  }

  uint32(value: number): void {
    if (this.offset + 4 > CHUNK_BYTES) this.flush();
    this.view.setUint32(this.offset, value, true);
    this.offset += 4;
  }

  float64(value: number): void {
    if (this.offset + 8 > CHUNK_BYTES) this.flush();
    this.view.setFloat64(this.offset, value, true);
    this.offset += 8;
  }

  /**
   * Length-prefixed UTF-8, so `['ab', 'c']` and `['a', 'bc']` never feed the same bytes. A string with lone
   * surrogates has no UTF-8 form (each would become U+FFFD and collide): it is written as UTF-16 code units, with
   * the length's top bit set so it can never be mistaken for a UTF-8 string.
   */
  string(value: string): void {
    if (value.length <= 64 && this.offset + 4 + value.length <= CHUNK_BYTES && this.asciiAt(value, this.offset + 4)) {
      this.view.setUint32(this.offset, value.length, true);
      this.offset += 4 + value.length;
      return;
    }
    if (!(value as unknown as { isWellFormed(): boolean }).isWellFormed()) {
      const units = Buffer.from(value, 'utf16le');
      this.uint32((units.byteLength | UTF16_FLAG) >>> 0);
      this.flush();
      this.stream().update(units);
      return;
    }
    const worstCase = value.length * 3;
    if (worstCase + 4 <= CHUNK_BYTES) {
      if (this.offset + worstCase + 4 > CHUNK_BYTES) this.flush();
      const lengthAt = this.offset;
      const written = this.buffer.write(value, lengthAt + 4, 'utf8');
      this.view.setUint32(lengthAt, written, true);
      this.offset = lengthAt + 4 + written;
      return;
    }
    this.uint32(Buffer.byteLength(value, 'utf8'));
    this.flush();
    this.stream().update(value, 'utf8');
  }

  /** Length-prefixed raw bytes of any view (Buffer, typed array, DataView). */
  bytes(view: ArrayBufferView): void {
    const length = view.byteLength;
    this.uint32(length);
    const bytes = types.isUint8Array(view) ? view : new Uint8Array(view.buffer, view.byteOffset, length);
    if (length <= 4096) {
      if (this.offset + length > CHUNK_BYTES) this.flush();
      this.buffer.set(bytes, this.offset);
      this.offset += length;
      return;
    }
    this.flush();
    this.stream().update(bytes);
  }

  /** Raw bytes, without a length: for encodings that are already self-delimiting. */
  append(source: Uint8Array, start: number, end: number): void {
    const length = end - start;
    if (length > CHUNK_BYTES) {
      this.flush();
      this.stream().update(source.subarray(start, end));
      return;
    }
    if (this.offset + length > CHUNK_BYTES) this.flush();
    // A whole array (a policy key's remembered part) is one native copy, with no view made for it.
    if (start === 0 && end === source.length && length > 16) this.buffer.set(source, this.offset);
    else copyBytes(source, start, end, this.buffer, this.offset);
    this.offset += length;
  }

  /** How many bytes were written, when they are all still held (none went to the hash yet). */
  heldLength(): number | undefined {
    return this.hash === undefined ? this.offset : undefined;
  }

  /** Copies the bytes held (see `heldLength`) to `target` at `at`. */
  copyHeldTo(target: Buffer, at: number): void {
    copyBytes(this.buffer, 0, this.offset, target, at);
  }

  /** Hex sha256 of everything written; the writer is empty again afterwards and can be reused. */
  digest(): string {
    return this.finish(false);
  }

  /**
   * `digest()` for a key that is computed again on every cache hit: a short input hashed recently is looked up
   * instead of hashed again (see `recentSha256`). Values hashed once (`stableHash` of new data) use `digest()`.
   */
  keyDigest(): string {
    return this.finish(true);
  }

  /** Drops anything written so far (after a failed encoding). */
  reset(): void {
    this.hash = undefined;
    this.offset = 0;
  }

  /** Raw 32-byte sha256, for digests that are fed into another hash. */
  digestBytes(): Buffer {
    return Buffer.from(this.digest(), 'hex');
  }

  // Short ASCII strings (names, ids, dates) are copied by hand: Buffer#write costs more than the copy itself.
  private asciiAt(value: string, at: number): boolean {
    const buffer = this.buffer;
    for (let index = 0; index < value.length; index++) {
      const code = value.charCodeAt(index);
      if (code > 0x7f) return false;
      buffer[at + index] = code;
    }
    return true;
  }

  private finish(recent: boolean): string {
    let result: string;
    if (this.hash !== undefined) {
      this.flush();
      result = this.hash.digest('hex');
    } else if (recent) {
      result = recentSha256(this.buffer, this.words, this.offset);
    } else {
      result = sha256Once('sha256', this.buffer.subarray(0, this.offset), 'hex');
    }
    this.hash = undefined;
    this.offset = 0;
    return result;
  }

  private stream(): Hash {
    return (this.hash ??= createHash('sha256'));
  }

  private flush(): void {
    if (this.offset === 0) return;
    this.stream().update(this.buffer.subarray(0, this.offset));
    this.offset = 0;
  }
}
