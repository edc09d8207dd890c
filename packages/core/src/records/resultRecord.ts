import { createHash } from 'node:crypto';
import { CorruptRecordError } from '../errors/CorruptRecordError';
import { LIBRARY_VERSION } from './libraryVersion';

/** The layout of a record: `FCR`, a format version byte, the metadata length (u32, big-endian), metadata, payload. */
export const RECORD_FORMAT_VERSION = 1;
const MAGIC = Buffer.from('FCR', 'latin1');
const PREFIX_BYTES = 8;
/** Enough bytes to read the metadata of nearly every record in one ranged read. */
export const HEADER_PROBE_BYTES = 4096;

/** What a record says about itself; readable without the payload. */
export interface RecordMetadata {
  readonly formatVersion: number;
  readonly storageKey: string;
  readonly taskName: string;
  readonly cacheKey: string;
  /** ISO-8601. */
  readonly createdAt: string;
  /** ISO-8601, or `null` for never. Fixed by the writer. */
  readonly expiresAt: string | null;
  readonly serializer: string;
  readonly serializerInfo?: Readonly<Record<string, string>>;
  readonly payloadLength: number;
  /**
   * sha256 (hex) of the metadata without this field, followed by the payload: a record whose payload or
   * metadata (key, expiry...) was altered is refused.
   */
  readonly digest: string;
  readonly libraryVersion: string;
  readonly flowRunId: string | null;
  /** How long the task's body took to compute the value. */
  readonly durationMs: number;
}

export type RecordFacts = Omit<RecordMetadata, 'formatVersion' | 'payloadLength' | 'digest' | 'libraryVersion'>;

/** A self-describing record: the metadata first (so it can be read alone), then the serialized value. */
export function encodeRecord(facts: RecordFacts, payload: Uint8Array): Buffer {
  const described = {
    formatVersion: RECORD_FORMAT_VERSION,
    ...facts,
    payloadLength: payload.byteLength,
    libraryVersion: LIBRARY_VERSION,
  };
  const metadata: RecordMetadata = { ...described, digest: digestOf(described, payload) };
  const header = Buffer.from(JSON.stringify(metadata), 'utf8');
  const prefix = Buffer.alloc(PREFIX_BYTES);
  MAGIC.copy(prefix, 0);
  prefix[3] = RECORD_FORMAT_VERSION;
  prefix.writeUInt32BE(header.byteLength, 4);
  return Buffer.concat([prefix, header, payload]);
}

// JSON.parse keeps the writer's key order, so the reader re-serializes exactly the bytes the writer hashed.
function digestOf(described: Omit<RecordMetadata, 'digest'>, payload: Uint8Array): string {
  return createHash('sha256').update(JSON.stringify(described)).update(payload).digest('hex');
}

/**
 * The metadata of a record from its first bytes. Returns the number of bytes needed instead when `bytes` is a
 * prefix too short to hold the metadata; throws `CorruptRecordError` for anything that is not a valid record.
 */
export function readRecordMetadata(storageKey: string, bytes: Uint8Array): RecordMetadata | { needBytes: number } {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const corrupt = (reason: string) => new CorruptRecordError(storageKey, reason);
  if (buffer.byteLength < PREFIX_BYTES || !buffer.subarray(0, 3).equals(MAGIC)) throw corrupt('it is not a flowcache record');
  if (buffer[3] !== RECORD_FORMAT_VERSION) {
    throw corrupt(`it has format version ${buffer[3]}, and this version of flowcache reads ${RECORD_FORMAT_VERSION}`);
  }
  const headerLength = buffer.readUInt32BE(4);
  if (buffer.byteLength < PREFIX_BYTES + headerLength) return { needBytes: PREFIX_BYTES + headerLength };
  let metadata: RecordMetadata;
  try {
    metadata = JSON.parse(buffer.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength).toString('utf8')) as RecordMetadata;
  } catch {
    throw corrupt('its metadata is not valid JSON');
  }
  if (typeof metadata !== 'object' || metadata === null || metadata.formatVersion !== RECORD_FORMAT_VERSION) {
    throw corrupt('its metadata is malformed');
  }
  return metadata;
}

/** Metadata and payload of a whole record stored under `storageKey`, its key, length and digest checked. */
export function decodeRecord(storageKey: string, bytes: Uint8Array): { metadata: RecordMetadata; payload: Uint8Array } {
  const metadata = readRecordMetadata(storageKey, bytes);
  if ('needBytes' in metadata) throw new CorruptRecordError(storageKey, 'it is truncated inside its metadata');
  const headerEnd = PREFIX_BYTES + Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).readUInt32BE(4);
  const payload = bytes.subarray(headerEnd);
  if (metadata.storageKey !== storageKey) {
    throw new CorruptRecordError(storageKey, `it was written for the key ${JSON.stringify(metadata.storageKey)} (copied?)`);
  }
  if (payload.byteLength !== metadata.payloadLength) {
    throw new CorruptRecordError(
      storageKey,
      `its payload has ${payload.byteLength} bytes where its metadata says ${metadata.payloadLength} (truncated?)`,
    );
  }
  const { digest, ...described } = metadata;
  if (digestOf(described, payload) !== digest) {
    throw new CorruptRecordError(storageKey, 'its metadata or payload does not match its digest (altered or damaged)');
  }
  return { metadata, payload };
}
