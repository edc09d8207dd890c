import { createHash } from 'node:crypto';
import { CorruptRecordError } from '../errors/CorruptRecordError';
import { RecordVerificationError } from '../errors/RecordVerificationError';
import { LIBRARY_VERSION } from './libraryVersion';
import { recordMetadataFault } from './recordMetadataSchema';
import { matchesAnyKey, signRecord } from './recordSignature';

/** The layout of a record: `FCR`, a format version byte, the metadata length (u32, big-endian), metadata, payload. */
export const RECORD_FORMAT_VERSION = 1;
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
}

export type RecordFacts = Omit<
  RecordMetadata,
  'formatVersion' | 'payloadLength' | 'digest' | 'libraryVersion' | 'signature'
>;

/** The signing keys of a record's writer (the first signs) or reader (any one verifies); none: unsigned, unchecked. */
export interface RecordSigning {
  readonly signingKeys?: readonly string[];
}

/** A record's bytes, with the digest its metadata carries (for what refers to the record, without reading it back). */
export interface EncodedRecord {
  readonly bytes: Buffer;
  readonly digest: string;
}

/** A self-describing record: the metadata first (so it can be read alone), then the serialized value. */
export function encodeRecord(facts: RecordFacts, payload: Uint8Array, signing: RecordSigning = {}): Buffer {
  return encodeRecordWithDigest(facts, payload, signing).bytes;
}

/** `encodeRecord`, with the digest it wrote. */
export function encodeRecordWithDigest(
  facts: RecordFacts,
  payload: Uint8Array,
  { signingKeys = [] }: RecordSigning = {},
): EncodedRecord {
  const unsigned = {
    formatVersion: RECORD_FORMAT_VERSION,
    ...facts,
    payloadLength: payload.byteLength,
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
  const metadataBytes = Buffer.byteLength(metadataText, 'utf8');
  // One buffer, written in place: no copy of the header or the payload made on the way.
  const bytes = Buffer.allocUnsafe(PREFIX_BYTES + metadataBytes + payload.byteLength);
  MAGIC.copy(bytes, 0);
  bytes[3] = RECORD_FORMAT_VERSION;
  bytes.writeUInt32BE(metadataBytes, 4);
  bytes.write(metadataText, PREFIX_BYTES, 'utf8');
  bytes.set(payload, PREFIX_BYTES + metadataBytes);
  return { bytes, digest };
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
function digestOfText(describedText: string, payload: Uint8Array): string {
  return createHash('sha256').update(describedText).update(payload).digest('hex');
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
  if (bytes[3] !== RECORD_FORMAT_VERSION) {
    throw corrupt(`it has format version ${bytes[3]}, and this version of flowcache reads ${RECORD_FORMAT_VERSION}`);
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
  if (typeof metadata !== 'object' || metadata === null || metadata.formatVersion !== RECORD_FORMAT_VERSION) {
    throw corrupt('its metadata is malformed');
  }
  const fault = recordMetadataFault(metadata);
  if (fault !== undefined) throw corrupt(fault);
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
