import { HashWriter } from './HashWriter';
import { Tag } from './valueTags';

/**
 * An entry whose encoding is longer than this is kept as its sha256 instead of its bytes: sorting then compares
 * at most this many bytes per pair, and the bytes kept stay proportional to the number of entries, whatever
 * the entries hold. Decided by the entry's own length, so equal entries always take the same form.
 */
export const MAX_SORTED_ENTRY_BYTES = 256;

const INITIAL_BYTES = 4096;
// A large Map needs a large buffer once; it is not kept for the next collection, so the idle lists in the pool
// hold little memory.
const MAX_KEPT_BYTES = 64 * 1024;

/**
 * The encodings of a Map's or Set's entries, written out in byte order so that insertion order cannot change a
 * key. Each entry's encoding is self-delimiting (it starts with a type tag, and every length is written before
 * what it measures), so no entry is a prefix of another and the sorted sequence reads back unambiguously.
 */
export class UnorderedEntries {
  /** Encode one entry here, then call `endEntry()`. */
  readonly writer = new HashWriter();
  private bytes = Buffer.allocUnsafe(INITIAL_BYTES);
  private used = 0;
  private readonly starts: number[] = [];

  get count(): number {
    return this.starts.length;
  }

  /** Keeps what `writer` holds as one entry: its bytes, or its digest when it is long. */
  endEntry(): void {
    const length = this.writer.heldLength();
    this.starts.push(this.used);
    if (length !== undefined && length <= MAX_SORTED_ENTRY_BYTES) {
      this.reserve(length);
      this.writer.copyHeldTo(this.bytes, this.used);
      this.used += length;
      this.writer.reset();
      return;
    }
    // Tag.EntryDigest starts no value's encoding: an entry kept as its digest can never read as one kept whole.
    this.reserve(33);
    this.bytes[this.used] = Tag.EntryDigest;
    this.writer.digestBytes().copy(this.bytes, this.used + 1);
    this.used += 33;
  }

  /** Writes the entries, in byte order, to `target`. */
  writeSorted(target: HashWriter): void {
    const order = Array.from(this.starts.keys());
    order.sort((a, b) => this.compare(a, b));
    for (const entry of order) target.append(this.bytes, this.starts[entry], this.end(entry));
  }

  /** Forgets every entry, so the object can serve the next collection. */
  clear(): void {
    this.writer.reset();
    this.starts.length = 0;
    this.used = 0;
    if (this.bytes.length > MAX_KEPT_BYTES) this.bytes = Buffer.allocUnsafe(INITIAL_BYTES);
  }

  private end(entry: number): number {
    return entry + 1 < this.starts.length ? this.starts[entry + 1] : this.used;
  }

  // Byte by byte in JavaScript: entries usually differ within their first bytes, and Buffer#compare costs a call
  // into C++ per pair.
  private compare(a: number, b: number): number {
    const bytes = this.bytes;
    const aStart = this.starts[a];
    const bStart = this.starts[b];
    const aLength = this.end(a) - aStart;
    const bLength = this.end(b) - bStart;
    const common = Math.min(aLength, bLength);
    for (let index = 0; index < common; index++) {
      const difference = bytes[aStart + index] - bytes[bStart + index];
      if (difference !== 0) return difference;
    }
    return aLength - bLength;
  }

  private reserve(length: number): void {
    if (this.used + length <= this.bytes.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.bytes.length * 2, this.used + length));
    this.bytes.copy(grown, 0, 0, this.used);
    this.bytes = grown;
  }
}
