import { hash as sha256Once } from 'node:crypto';

// Long enough for a default-policy key (its name, the task's identity, the run id and a few short arguments).
const MAX_INPUT_BYTES = 512;
// At most this many digests, of inputs whose bytes take at most INPUT_WORDS 4-byte words in all (512 KiB).
const MAX_ENTRIES = 4096;
const INPUT_WORDS = 128 * 1024;

interface Remembered {
  readonly length: number;
  /** Where the input is in `inputs`: words in this machine's byte order, the last one padded with zero bytes. */
  readonly at: number;
  readonly digest: string;
}

const byFingerprint = new Map<number, Remembered>();
// The inputs, one after the other in one array: a typed array of its own per input would cost an allocation
// outside the heap for every new key.
let inputs: Uint32Array | undefined;
let inputWordsUsed = 0;

/**
 * Hex sha256 of the first `length` bytes under `view`, looked up when these exact bytes were hashed recently.
 * Every cache hit computes its key again from the same bytes, and sha256 of a short input costs several times a
 * lookup. The input is found by a fingerprint of its words (a string key would cost more: the engine hashes
 * strings a character at a time) and then compared in full, so the memo can never return another input's digest.
 * `bytes` and `view` are the same memory, which reaches at least to the end of the input's last 4-byte word.
 */
export function recentSha256(bytes: Uint8Array, view: Uint32Array, length: number): string {
  if (length > MAX_INPUT_BYTES) return sha256Once('sha256', bytes.subarray(0, length), 'hex');
  const fingerprint = fingerprintOf(view, length);
  const known = byFingerprint.get(fingerprint);
  if (known !== undefined && known.length === length && sameWords(known.at, view, length)) return known.digest;
  const digest = sha256Once('sha256', bytes.subarray(0, length), 'hex');
  remember(fingerprint, view, length, digest);
  return digest;
}

function remember(fingerprint: number, view: Uint32Array, length: number, digest: string): void {
  const words = (length + 3) >>> 2;
  if (byFingerprint.size >= MAX_ENTRIES || inputWordsUsed + words > INPUT_WORDS) {
    byFingerprint.clear();
    inputWordsUsed = 0;
  }
  inputs ??= new Uint32Array(INPUT_WORDS);
  const at = inputWordsUsed;
  const fullWords = length >>> 2;
  for (let index = 0; index < fullWords; index++) inputs[at + index] = view[index];
  if ((length & 3) !== 0) inputs[at + fullWords] = lastWord(view, length);
  inputWordsUsed += words;
  byFingerprint.set(fingerprint, { length, at, digest });
}

/** @internal How many digests are remembered (bounded by MAX_ENTRIES), for tests. */
export function rememberedDigests(): number {
  return byFingerprint.size;
}

// Which bits of a word hold its first 3, 2 or 1 bytes in memory (by how many bytes are missing): the words are
// only compared within this process, so they are read in the machine's own byte order, with no conversion.
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const LAST_WORD_MASKS = [0, 1, 2, 3].map((missing) =>
  LITTLE_ENDIAN ? 0xffffffff >>> (missing * 8) : (0xffffffff << (missing * 8)) >>> 0,
);

// Inputs are read as words; the last, partial one with the bytes after `length` (whatever the
// buffer holds there) read as zeros.
function lastWord(view: Uint32Array, length: number): number {
  const missing = 4 - (length & 3);
  return (view[length >>> 2] & LAST_WORD_MASKS[missing]) >>> 0;
}

function fingerprintOf(view: Uint32Array, length: number): number {
  let fingerprint = length;
  const fullWords = length >>> 2;
  for (let index = 0; index < fullWords; index++) {
    fingerprint = Math.imul(fingerprint ^ view[index], 0x9e3779b1);
    fingerprint ^= fingerprint >>> 15;
  }
  if ((length & 3) !== 0) fingerprint = Math.imul(fingerprint ^ lastWord(view, length), 0x9e3779b1);
  // A small integer, which a Map hashes and stores without allocating.
  return fingerprint & 0x3fffffff;
}

function sameWords(at: number, view: Uint32Array, length: number): boolean {
  const words = inputs as Uint32Array;
  const fullWords = length >>> 2;
  for (let index = 0; index < fullWords; index++) {
    if (words[at + index] !== view[index]) return false;
  }
  return (length & 3) === 0 || words[at + fullWords] === lastWord(view, length);
}
