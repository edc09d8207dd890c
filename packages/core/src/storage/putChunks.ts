import type { ResultStorage } from './ResultStorage';

/**
 * Stores chunks as one object: through the storage's `putStream` when it has one (a bounded number of bytes held
 * at a time), else joined into one buffer for its `put` (the whole object held once more, as `put` always did).
 */
export async function putChunks(
  storage: ResultStorage,
  key: string,
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
): Promise<void> {
  if (storage.putStream !== undefined) return storage.putStream(key, chunks);
  const collected: Uint8Array[] = [];
  for await (const chunk of chunks) collected.push(chunk);
  await storage.put(key, collected.length === 1 ? collected[0] : Buffer.concat(collected));
}
