import type { ResultStorage } from '../storage/ResultStorage';
import { HEADER_PROBE_BYTES, readRecordMetadata, type RecordMetadata } from './resultRecord';

/**
 * A stored record's metadata without its payload: one ranged read of the first bytes (a second one only for a
 * record with unusually large metadata). `undefined` when nothing is stored under the key; throws
 * `CorruptRecordError` when what is stored is not a readable record.
 */
export async function readStoredMetadata(storage: ResultStorage, key: string): Promise<RecordMetadata | undefined> {
  let bytes = await storage.getRange(key, HEADER_PROBE_BYTES);
  if (bytes === undefined) return undefined;
  let metadata = readRecordMetadata(key, bytes);
  if ('needBytes' in metadata) {
    bytes = await storage.getRange(key, metadata.needBytes);
    if (bytes === undefined) return undefined;
    metadata = readRecordMetadata(key, bytes);
    if ('needBytes' in metadata) return undefined;
  }
  return metadata;
}
