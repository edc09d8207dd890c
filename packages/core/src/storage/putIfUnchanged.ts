import { ObjectTooLargeError } from '../errors/ObjectTooLargeError';
import type { GetOptions, ResultStorage } from './ResultStorage';

/**
 * What a reader found under a key, as a later conditional write needs it: nothing; a version (a storage with
 * `getVersioned`); or, from a storage without versions, the bytes themselves.
 */
export type SeenObject = { readonly absent: true } | { readonly version: string } | { readonly bytes: Uint8Array };

/**
 * Reads the key and says what was found, for `putIfUnchanged`: with the version when the storage has
 * `getVersioned`, else with `get`.
 */
export async function readSeen(
  storage: ResultStorage,
  key: string,
  options: GetOptions,
): Promise<{ readonly bytes: Uint8Array | undefined; readonly seen: SeenObject }> {
  if (storage.getVersioned !== undefined && storage.putIfVersion !== undefined) {
    const read = await storage.getVersioned(key, options);
    return read === undefined
      ? { bytes: undefined, seen: ABSENT }
      : { bytes: read.bytes, seen: { version: read.version } };
  }
  const bytes = await storage.get(key, options);
  return { bytes, seen: bytes === undefined ? ABSENT : { bytes } };
}

const ABSENT: SeenObject = { absent: true };

/**
 * Writes `bytes` under the key only if what is there is still what was `seen`; `false` (nothing written) when it
 * changed. Nothing seen: `putIfAbsent`. A version: `putIfVersion`, atomic in the storage. Bytes, from a storage
 * without versions: the key is read again and written with a plain `put` only if it holds the same bytes; this
 * catches a change made before that read, not one made between that read and the `put`.
 */
export async function putIfUnchanged(
  storage: ResultStorage,
  key: string,
  bytes: Uint8Array,
  seen: SeenObject,
): Promise<boolean> {
  if ('absent' in seen) return storage.putIfAbsent(key, bytes);
  if ('version' in seen) return storage.putIfVersion!(key, bytes, seen.version);
  let current: Uint8Array | undefined;
  try {
    current = await storage.get(key, { maxBytes: Math.max(1, seen.bytes.byteLength) });
  } catch (error) {
    if (error instanceof ObjectTooLargeError) return false; // longer than what was seen: another object
    throw error;
  }
  if (current === undefined || !Buffer.from(current).equals(seen.bytes)) return false;
  await storage.put(key, bytes);
  return true;
}
