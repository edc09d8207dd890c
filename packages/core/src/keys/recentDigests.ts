import { hash as sha256Once } from 'node:crypto';

// Long enough for a default-policy key (its name, the task's identity, the run id and a few short arguments).
const MAX_INPUT_BYTES = 512;
// At most this many inputs of at most MAX_INPUT_BYTES bytes, with their digests: about 2.5 MiB at worst.
const MAX_ENTRIES = 4096;

const digests = new Map<string, string>();

/**
 * Hex sha256 of `buffer`'s first `length` bytes, looked up when these exact bytes were hashed recently. Every
 * cache hit computes its key again from the same bytes, and sha256 of a short input costs several times a
 * lookup. The memo is keyed by the complete input, so it can never return another input's digest; an input it
 * has not seen costs more than hashing it alone (its text is kept, then collected), so only keys use it.
 */
export function recentSha256(buffer: Buffer, length: number): string {
  if (length > MAX_INPUT_BYTES) return sha256Once('sha256', buffer.subarray(0, length), 'hex');
  const input = buffer.toString('latin1', 0, length);
  let digest = digests.get(input);
  if (digest === undefined) {
    digest = sha256Once('sha256', buffer.subarray(0, length), 'hex');
    if (digests.size >= MAX_ENTRIES) digests.clear();
    digests.set(input, digest);
  }
  return digest;
}
