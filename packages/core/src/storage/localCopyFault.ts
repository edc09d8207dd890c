import { CorruptRecordError } from '../errors/CorruptRecordError';
import { decodeRecord, readRecordMetadata, type RecordMetadata } from '../records/resultRecord';

// The first bytes of every record ('FCR', see records/resultRecord.ts). Other objects (commit markers, the run
// history, anything an application stores) are copied and served as they are: only records have an expiry.
const RECORD_MAGIC = [0x46, 0x43, 0x52];

/**
 * Why a whole local copy must not be served, or `undefined` when it may: a record that is damaged (its key,
 * length or digest do not match, so a torn or altered copy never hides the remote's good record) or expired
 * (the remote may hold a newer one). Bytes that are not a record are served as they are.
 */
export function localCopyFault(key: string, bytes: Uint8Array, now: number): string | undefined {
  if (!looksLikeRecord(bytes)) return undefined;
  try {
    return expiryFault(decodeRecord(key, bytes).metadata, now);
  } catch (error) {
    if (error instanceof CorruptRecordError) return error.reason;
    throw error;
  }
}

/**
 * `localCopyFault` for the first bytes of a local copy (`getRange`): the digest cannot be checked without the
 * whole record, so only its header, its key and its expiry are, when the bytes hold the whole header.
 */
export function localRangeFault(key: string, bytes: Uint8Array, now: number): string | undefined {
  if (!looksLikeRecord(bytes)) return undefined;
  try {
    const metadata = readRecordMetadata(key, bytes);
    if ('needBytes' in metadata) return undefined;
    if (metadata.storageKey !== key) return `it was written for the key ${JSON.stringify(metadata.storageKey)}`;
    return expiryFault(metadata, now);
  } catch (error) {
    if (error instanceof CorruptRecordError) return error.reason;
    throw error;
  }
}

/** The fault that is no damage: the copy is good, only too old to be served. */
export const EXPIRED = 'expired';

function expiryFault(metadata: RecordMetadata, now: number): string | undefined {
  return metadata.expiresAt !== null && Date.parse(metadata.expiresAt) <= now ? EXPIRED : undefined;
}

function looksLikeRecord(bytes: Uint8Array): boolean {
  return (
    bytes.byteLength >= RECORD_MAGIC.length &&
    bytes[0] === RECORD_MAGIC[0] &&
    bytes[1] === RECORD_MAGIC[1] &&
    bytes[2] === RECORD_MAGIC[2]
  );
}
