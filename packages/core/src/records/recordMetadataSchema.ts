/**
 * The shape every stored record's metadata must have before anything reads a field of it. Metadata is
 * untrusted JSON: a planted `"taskName": 5` or a serializer id with control characters must make the record
 * corrupt (a miss, a line in a listing), never break a command that formats or tallies the field later.
 * Unknown extra fields are kept as they are (they are covered by the digest, and newer writers may add some).
 */

/** The longest serializer id a record may name: ids are short tags such as `gzip+json`, and they reach logs. */
export const MAX_SERIALIZER_ID_LENGTH = 100;
/** Printable ASCII without spaces: what a serializer id may contain, so it can be echoed into a log as it is. */
const SERIALIZER_ID = /^[\x21-\x7e]+$/;

type FieldCheck = (value: unknown) => string | undefined;

const isString: FieldCheck = (value) => (typeof value === 'string' ? undefined : 'a string');
// ISO-8601 as `toISOString` writes it (offsets accepted): `Date.parse` alone also takes free text such as
// `Jan 1 2026 (anything, newlines included)`, which would then reach messages.
const ISO_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;
const isDate: FieldCheck = (value) =>
  typeof value === 'string' && ISO_DATE.test(value) && Number.isFinite(Date.parse(value))
    ? undefined
    : 'an ISO-8601 date';
const isDateOrNull: FieldCheck = (value) => (value === null ? undefined : isDate(value) && 'an ISO-8601 date or null');
const isStringOrNull: FieldCheck = (value) =>
  value === null || typeof value === 'string' ? undefined : 'a string or null';
const isCount: FieldCheck = (value) =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 ? undefined : 'a finite number, 0 or more';
/** What a serializer id must be, as messages say it. */
export const SERIALIZER_ID_RULE = `printable ASCII without spaces, at most ${MAX_SERIALIZER_ID_LENGTH} characters`;

/** Whether `value` can be a serializer id: readers refuse records naming any other as corrupt. */
export function isSerializerId(value: unknown): value is string {
  return typeof value === 'string' && value.length <= MAX_SERIALIZER_ID_LENGTH && SERIALIZER_ID.test(value);
}

const serializerId: FieldCheck = (value) => (isSerializerId(value) ? undefined : SERIALIZER_ID_RULE);
const isStringRecord: FieldCheck = (value) =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.values(value as Record<string, unknown>).every((entry) => typeof entry === 'string')
    ? undefined
    : 'an object of strings';

// As lists: checked on every cache hit, so nothing is allocated per record.
const REQUIRED: readonly (readonly [string, FieldCheck])[] = Object.entries({
  storageKey: isString,
  taskName: isString,
  cacheKey: isString,
  createdAt: isDate,
  expiresAt: isDateOrNull,
  serializer: serializerId,
  payloadLength: isCount,
  digest: isString,
  libraryVersion: isString,
  flowRunId: isStringOrNull,
  durationMs: isCount,
});

const isBinaryPayloadType: FieldCheck = (value) =>
  value === 'Buffer' || value === 'Uint8Array' ? undefined : '"Buffer" or "Uint8Array"';

const OPTIONAL: readonly (readonly [string, FieldCheck])[] = Object.entries({
  serializerInfo: isStringRecord,
  commitId: isString,
  signature: isString,
  payloadType: isBinaryPayloadType,
});

/**
 * Why `metadata` (already known to be an object) does not have the shape of `RecordMetadata`, naming the field,
 * or `undefined` when it does.
 */
export function recordMetadataFault(metadata: object): string | undefined {
  const fields = metadata as Record<string, unknown>;
  for (const [name, check] of REQUIRED) {
    const expected = Object.hasOwn(fields, name) ? check(fields[name]) : 'present';
    if (expected !== undefined) return `its metadata field "${name}" is not ${expected}`;
  }
  for (const [name, check] of OPTIONAL) {
    if (!Object.hasOwn(fields, name) || fields[name] === undefined) continue;
    const expected = check(fields[name]);
    if (expected !== undefined) return `its metadata field "${name}" is not ${expected}`;
  }
  return undefined;
}
