import { createHash } from 'node:crypto';
import { CorruptRecordError } from '../errors/CorruptRecordError';
import { RecordVerificationError } from '../errors/RecordVerificationError';
import { LIBRARY_VERSION } from './libraryVersion';
import { recordMetadataFault } from './recordMetadataSchema';
import { matchesAnyKey, signRecord } from './recordSignature';

/**
 * The layout of a record: `FCR`, a format version byte, the metadata length (u32, big-endian), metadata, payload.
 * Format 1: the payload is what the record's serializer wrote.
 */
export const RECORD_FORMAT_VERSION = 1;
/**
 * Format 2, a binary record: the same layout, and the payload is the bytes of a Buffer or Uint8Array result as
 * they are (`payloadType` says which), so that a large one is written from views of the value and read back as a
 * view of the bytes read. Its own version, so that a reader knowing only format 1 refuses it (a miss) instead of
 * handing raw bytes to a serializer.
 */
export const BINARY_RECORD_FORMAT_VERSION = 2;
const MAGIC = Buffer.from('FCR', 'latin1');
const PREFIX_BYTES = 8;
/** Enough bytes to read the metadata of nearly every record in one ranged read. */
export const HEADER_PROBE_BYTES = 4096;
/** The longest metadata a reader accepts (real metadata is under 4 KiB): a header claiming more is corrupt. */
export const MAX_METADATA_BYTES = 1024 * 1024;

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
  /**
   * The commit that wrote this record with others (a transaction committing two or more records): the record
   * is visible only once that commit's marker is stored (see `commitMarkerKey`). Absent for a record committed
   * alone. Older readers ignore it.
   */
  readonly commitId?: string;
  /**
   * HMAC-SHA256 (hex) of the metadata without this field and `digest`, followed by the payload, with the first
   * signing key; only in records written with signing keys. Readers without keys ignore it.
   */
  readonly signature?: string;
  /** Only in a binary record (format 2): the class of the result whose bytes the payload is. */
  readonly payloadType?: BinaryPayloadType;
}

/** The results a binary record holds. */
export type BinaryPayloadType = 'Buffer' | 'Uint8Array';

export type RecordFacts = Omit<
  RecordMetadata,
  'formatVersion' | 'payloadLength' | 'digest' | 'libraryVersion' | 'signature'
>;

/** The signing keys of a record's writer (the first signs) or reader (any one verifies); none: unsigned, unchecked. */
export interface RecordSigning {
  readonly signingKeys?: readonly string[];
}

/**
 * A record's bytes, in order, with the digest its metadata carries (for what refers to the record, without reading
 * it back). An ordinary record is one buffer; a binary record is its header, then views of the result's bytes.
 */
export interface EncodedRecord {
  readonly parts: readonly Uint8Array[];
  /** The record's length: the sum of its parts'. */
  readonly byteLength: number;
  readonly digest: string;
}

/** A self-describing record: the metadata first (so it can be read alone), then the serialized value. */
export function encodeRecord(facts: RecordFacts, payload: Uint8Array, signing: RecordSigning = {}): Buffer {
  return encodeRecordWithDigest(facts, payload, signing).parts[0] as Buffer;
}

/** `encodeRecord`, with the digest it wrote; one part. */
export function encodeRecordWithDigest(
  facts: RecordFacts,
  payload: Uint8Array,
  signing: RecordSigning = {},
): EncodedRecord {
  const { metadataText, digest } = describeRecord(RECORD_FORMAT_VERSION, facts, payload, signing);
  const metadataBytes = Buffer.byteLength(metadataText, 'utf8');
  // One buffer, written in place: no copy of the header or the payload made on the way.
  const bytes = Buffer.allocUnsafe(PREFIX_BYTES + metadataBytes + payload.byteLength);
  writePrefix(bytes, RECORD_FORMAT_VERSION, metadataBytes);
  bytes.write(metadataText, PREFIX_BYTES, 'utf8');
  bytes.set(payload, PREFIX_BYTES + metadataBytes);
  return { parts: [bytes], byteLength: bytes.byteLength, digest };
}

/**
 * A binary record (format 2) of a Buffer or Uint8Array result, written from its chunks: its header (prefix and
 * metadata, the only bytes allocated), then the chunks themselves, never copied. The digest and signature are
 * computed over the chunks, one after another, before the header is written: the result is already in memory, so
 * a second pass over it costs time but no memory, and the header keeps its place and its fields.
 */
export function encodeBinaryRecord(
  facts: RecordFacts,
  payloadType: BinaryPayloadType,
  chunks: readonly Uint8Array[],
  signing: RecordSigning = {},
): EncodedRecord {
  const { metadataText, digest } = describeRecord(
    BINARY_RECORD_FORMAT_VERSION,
    { ...facts, payloadType },
    chunks,
    signing,
  );
  const metadataBytes = Buffer.byteLength(metadataText, 'utf8');
  const header = Buffer.allocUnsafe(PREFIX_BYTES + metadataBytes);
  writePrefix(header, BINARY_RECORD_FORMAT_VERSION, metadataBytes);
  header.write(metadataText, PREFIX_BYTES, 'utf8');
  const payloadLength = chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);
  return { parts: [header, ...chunks], byteLength: header.byteLength + payloadLength, digest };
}

/** A payload in one piece, or as chunks in order (hashed one after another). */
type PayloadBytes = Uint8Array | readonly Uint8Array[];

// The metadata's text, its digest field last, for a payload.
function describeRecord(
  formatVersion: number,
  facts: RecordFacts & { readonly payloadType?: BinaryPayloadType },
  payload: PayloadBytes,
  { signingKeys = [] }: RecordSigning,
): { metadataText: string; digest: string } {
  const unsigned = {
    formatVersion,
    ...facts,
    payloadLength: payloadLengthOf(payload),
    libraryVersion: LIBRARY_VERSION,
  };
  // The signature is an optional field that readers without keys skip, so signing needs no new format version;
  // the digest covers it, so older readers check signed records as before.
  const described =
    signingKeys.length === 0 ? unsigned : { ...unsigned, signature: signRecord(unsigned, payload, signingKeys[0]) };
  const describedText = JSON.stringify(described);
  const digest = digestOfText(describedText, payload);
  // The digest is the metadata's last field (hex, nothing to escape): its text is the text just hashed with the
  // digest appended, as JSON.stringify writes the metadata, without a second stringify. (Facts given a digest of
  // their own, or a `toJSON`, are written as they always were.)
  const metadataText =
    Object.hasOwn(described, 'digest') || 'toJSON' in described
      ? JSON.stringify({ ...described, digest })
      : `${describedText.slice(0, -1)}${digestField(digest)}`;
  return { metadataText, digest };
}

function payloadLengthOf(payload: PayloadBytes): number {
  if (!Array.isArray(payload)) return (payload as Uint8Array).byteLength;
  return (payload as readonly Uint8Array[]).reduce((sum, chunk) => sum + chunk.byteLength, 0);
}

function writePrefix(bytes: Buffer, formatVersion: number, metadataBytes: number): void {
  MAGIC.copy(bytes, 0);
  bytes[3] = formatVersion;
  bytes.writeUInt32BE(metadataBytes, 4);
}

// JSON.parse keeps the writer's key order, so the reader re-serializes exactly the bytes the writer hashed.
function digestOf(described: Omit<RecordMetadata, 'digest'>, payload: Uint8Array): string {
  return digestOfText(JSON.stringify(described), payload);
}

/** How the writer ends the metadata's text: the digest appended as its last field (hex: nothing to escape). */
function digestField(digest: string): string {
  return `,"digest":"${digest}"}`;
}

/**
 * Whether a record's digest is the one of its metadata (without the digest) and payload. The writer hashes the
 * metadata's text and appends the digest as its last field: that text is then read back as the record holds it,
 * without stringifying the parsed metadata again. Metadata written otherwise (by hand, by another tool) is checked
 * as it always was, against its parsed fields stringified again, so every record accepted before still is.
 */
function matchesDigest(metadata: RecordMetadata, metadataText: string, payload: Uint8Array): boolean {
  const { digest } = metadata;
  const appended = digestField(digest);
  if (metadataText.endsWith(appended)) {
    const describedText = `${metadataText.slice(0, -appended.length)}}`;
    if (digestOfText(describedText, payload) === digest) return true;
  }
  const { digest: _digest, ...described } = metadata;
  return digestOf(described, payload) === digest;
}

// `digestOf`, given the text of the metadata without the digest.
function digestOfText(describedText: string, payload: PayloadBytes): string {
  const hash = createHash('sha256').update(describedText);
  if (!Array.isArray(payload)) return hash.update(payload as Uint8Array).digest('hex');
  for (const chunk of payload as readonly Uint8Array[]) hash.update(chunk);
  return hash.digest('hex');
}

/**
 * The metadata of a record from its first bytes. Returns the number of bytes needed instead when `bytes` is a
 * prefix too short to hold the metadata (never more than `MAX_METADATA_BYTES` past the prefix); throws
 * `CorruptRecordError` for anything that is not a valid record, a header claiming longer metadata included.
 */
export function readRecordMetadata(storageKey: string, bytes: Uint8Array): RecordMetadata | { needBytes: number } {
  const header = readHeader(storageKey, bytes);
  return 'needBytes' in header ? header : header.metadata;
}

// The metadata and where the payload starts. Read on every cold hit: the prefix is checked byte by byte, without
// making Buffer views of it.
function readHeader(
  storageKey: string,
  bytes: Uint8Array,
): { metadata: RecordMetadata; metadataText: string; payloadStart: number } | { needBytes: number } {
  const corrupt = (reason: string) => new CorruptRecordError(storageKey, reason);
  if (bytes.byteLength < PREFIX_BYTES || bytes[0] !== MAGIC[0] || bytes[1] !== MAGIC[1] || bytes[2] !== MAGIC[2])
    throw corrupt('it is not a flowcache record');
  const formatVersion = bytes[3];
  if (formatVersion !== RECORD_FORMAT_VERSION && formatVersion !== BINARY_RECORD_FORMAT_VERSION) {
    throw corrupt(
      `it has format version ${formatVersion}, and this version of flowcache reads ` +
        `${RECORD_FORMAT_VERSION} and ${BINARY_RECORD_FORMAT_VERSION}`,
    );
  }
  const headerLength = ((bytes[4] << 24) | (bytes[5] << 16) | (bytes[6] << 8) | bytes[7]) >>> 0;
  if (headerLength > MAX_METADATA_BYTES) {
    throw corrupt(`its metadata claims ${headerLength} bytes, more than the ${MAX_METADATA_BYTES} any record has`);
  }
  const payloadStart = PREFIX_BYTES + headerLength;
  if (bytes.byteLength < payloadStart) return { needBytes: payloadStart };
  const metadataText = Buffer.from(bytes.buffer, bytes.byteOffset + PREFIX_BYTES, headerLength).toString('utf8');
  let metadata: RecordMetadata;
  try {
    metadata = JSON.parse(metadataText) as RecordMetadata;
  } catch {
    throw corrupt('its metadata is not valid JSON');
  }
  if (typeof metadata !== 'object' || metadata === null || metadata.formatVersion !== formatVersion) {
    throw corrupt('its metadata is malformed');
  }
  const fault = recordMetadataFault(metadata);
  if (fault !== undefined) throw corrupt(fault);
  if ((formatVersion === BINARY_RECORD_FORMAT_VERSION) !== (metadata.payloadType !== undefined)) {
    throw corrupt('its metadata field "payloadType" belongs in a binary record (format 2), and only there');
  }
  return { metadata, metadataText, payloadStart };
}

/**
 * Metadata and payload of a whole record stored under `storageKey`, its key, length and digest checked. With
 * signing keys, a record without a signature, or whose signature matches none of them, throws
 * `RecordVerificationError`; without keys, a signature is ignored.
 */
export function decodeRecord(
  storageKey: string,
  bytes: Uint8Array,
  { signingKeys = [] }: RecordSigning = {},
): { metadata: RecordMetadata; payload: Uint8Array } {
  const header = readHeader(storageKey, bytes);
  if ('needBytes' in header) throw new CorruptRecordError(storageKey, 'it is truncated inside its metadata');
  const { metadata, metadataText, payloadStart } = header;
  const payload = bytes.subarray(payloadStart);
  if (metadata.storageKey !== storageKey) {
    throw new CorruptRecordError(
      storageKey,
      `it was written for the key ${JSON.stringify(metadata.storageKey)} (copied?)`,
    );
  }
  if (payload.byteLength !== metadata.payloadLength) {
    throw new CorruptRecordError(
      storageKey,
      `its payload has ${payload.byteLength} bytes where its metadata says ${metadata.payloadLength} (truncated?)`,
    );
  }
  // Verified before the digest: an altered record must read as failing verification, whoever recomputed its digest.
  if (signingKeys.length > 0) checkSignature(storageKey, metadata, payload, signingKeys);
  if (!matchesDigest(metadata, metadataText, payload)) {
    throw new CorruptRecordError(storageKey, 'its metadata or payload does not match its digest (altered or damaged)');
  }
  return { metadata, payload };
}

/** Whether a record carries a signature, and (given keys) whether one of them made it. Never throws. */
export function recordSignatureStatus(
  metadata: RecordMetadata,
  payload: Uint8Array,
  signingKeys: readonly string[],
): { signed: boolean; verified: boolean | undefined } {
  const { digest: _digest, signature, ...unsigned } = metadata;
  const signed = typeof signature === 'string';
  if (signingKeys.length === 0) return { signed, verified: undefined };
  return { signed, verified: signed && matchesAnyKey(signature, unsigned, payload, signingKeys) };
}

function checkSignature(
  storageKey: string,
  metadata: RecordMetadata,
  payload: Uint8Array,
  signingKeys: readonly string[],
): void {
  const { signed, verified } = recordSignatureStatus(metadata, payload, signingKeys);
  if (verified) return;
  throw new RecordVerificationError(
    storageKey,
    signed
      ? 'it failed verification: its signature matches none of the ' +
          'signing keys (altered, or signed with a key no longer accepted)'
      : 'it failed verification: it is not signed, and signing keys are configured',
  );
}
