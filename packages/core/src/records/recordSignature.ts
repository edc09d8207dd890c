import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * HMAC-SHA256 (hex) of a record's metadata (without `digest` and `signature`) followed by its payload. Unlike the
 * digest, which anyone can recompute after altering a record, it can only be made by a holder of the key.
 */
export function signRecord(unsigned: object, payload: Uint8Array | readonly Uint8Array[], key: string): string {
  const hmac = createHmac('sha256', key).update(JSON.stringify(unsigned));
  // A binary record's payload is signed chunk after chunk, as it is written.
  for (const chunk of Array.isArray(payload) ? payload : [payload]) hmac.update(chunk);
  return hmac.digest('hex');
}

/** Whether `signature` was made by one of the keys over this metadata and payload (compared in constant time). */
export function matchesAnyKey(
  signature: string,
  unsigned: object,
  payload: Uint8Array,
  keys: readonly string[],
): boolean {
  const given = Buffer.from(signature, 'hex');
  return keys.some((key) => {
    const expected = Buffer.from(signRecord(unsigned, payload, key), 'hex');
    return given.byteLength === expected.byteLength && timingSafeEqual(given, expected);
  });
}
