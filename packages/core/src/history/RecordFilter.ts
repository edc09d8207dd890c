import type { RecordMetadata } from '../records/resultRecord';

/**
 * Which records to list, invalidate or count. Every criterion given must hold. Sizes are the bytes stored; times
 * are read from the record's metadata, so an unreadable record (or one whose time is not a time) matches no age
 * or expiry criterion. `flowcache ls --older-than 7d` is `{ createdBefore: sevenDaysAgo }`, `--min-size 1MB` is
 * `{ minBytes: 1_000_000 }`, `--expires-within 24h` is `{ expired: false, expiresBefore: inADay }`.
 */
export interface RecordFilter {
  /** Records of this task name (`Class.method` or the task's `name`). */
  readonly task?: string;
  /** Records whose key starts with this. */
  readonly prefix?: string;
  /** `true`: expired (and unreadable) records only; `false`: live ones only; unset: both. */
  readonly expired?: boolean;
  /**
   * Records of at least this many bytes stored. Size criteria are applied to the storage's listing, before any
   * record is read: filtering by size costs no read of a record that does not match.
   */
  readonly minBytes?: number;
  /** Records of at most this many bytes stored (see `minBytes`). */
  readonly maxBytes?: number;
  /** Records created before this time (older than it). */
  readonly createdBefore?: Date;
  /** Records created at or after this time (newer than it). */
  readonly createdAfter?: Date;
  /**
   * Records whose expiry comes before this time (already expired ones included: add `expired: false` for those
   * still live). A record that never expires does not match.
   */
  readonly expiresBefore?: Date;
}

/** The criteria that need the record's metadata, not only the storage's listing. */
const METADATA_CRITERIA = ['task', 'expired', 'createdBefore', 'createdAfter', 'expiresBefore'] as const;

/**
 * Throws a `RangeError` naming the field when a criterion cannot be applied: a size that is not a whole number of
 * bytes ≥ 0, a time that is not a valid `Date`, a `minBytes` above `maxBytes`.
 */
export function checkRecordFilter(filter: RecordFilter, operation: string): void {
  for (const name of ['minBytes', 'maxBytes'] as const) {
    const bytes = filter[name];
    if (bytes !== undefined && !(Number.isSafeInteger(bytes) && bytes >= 0)) {
      throw new RangeError(
        `${operation}: \`${name}\` must be a whole number of bytes, 0 or more, got ${String(bytes)}`,
      );
    }
  }
  if (filter.minBytes !== undefined && filter.maxBytes !== undefined && filter.minBytes > filter.maxBytes) {
    throw new RangeError(
      `${operation}: \`minBytes\` (${filter.minBytes}) is more than \`maxBytes\` (${filter.maxBytes}): ` +
        'no record can match',
    );
  }
  for (const name of ['createdBefore', 'createdAfter', 'expiresBefore'] as const) {
    const date = filter[name];
    if (date !== undefined && !(date instanceof Date && Number.isFinite(date.getTime()))) {
      throw new RangeError(`${operation}: \`${name}\` must be a valid Date, got ${String(date)}`);
    }
  }
}

/** Whether the filter has any criterion at all (an empty filter matches every record). */
export function hasCriterion(filter: RecordFilter): boolean {
  return (
    filter.prefix !== undefined ||
    filter.minBytes !== undefined ||
    filter.maxBytes !== undefined ||
    needsMetadata(filter)
  );
}

/** Whether applying the filter needs each record's metadata (one read per record), or the listing alone does. */
export function needsMetadata(filter: RecordFilter): boolean {
  return METADATA_CRITERIA.some((name) => filter[name] !== undefined);
}

/** Whether a listed object's size meets the filter's size criteria. */
export function sizeMatches(size: number, filter: RecordFilter): boolean {
  return (
    (filter.minBytes === undefined || size >= filter.minBytes) &&
    (filter.maxBytes === undefined || size <= filter.maxBytes)
  );
}

/** Whether a record's metadata meets the filter's task, expiry and age criteria (sizes are checked on the listing). */
export function metadataMatches(
  record: { readonly metadata: RecordMetadata | undefined; readonly expired: boolean },
  filter: RecordFilter,
): boolean {
  const { metadata } = record;
  if (filter.task !== undefined && metadata?.taskName !== filter.task) return false;
  if (filter.expired !== undefined && record.expired !== filter.expired) return false;
  if (filter.createdBefore !== undefined || filter.createdAfter !== undefined) {
    const createdAt = timeOf(metadata?.createdAt);
    if (Number.isNaN(createdAt)) return false;
    if (filter.createdBefore !== undefined && createdAt >= filter.createdBefore.getTime()) return false;
    if (filter.createdAfter !== undefined && createdAt < filter.createdAfter.getTime()) return false;
  }
  if (filter.expiresBefore !== undefined) {
    const expiresAt = timeOf(metadata?.expiresAt);
    if (Number.isNaN(expiresAt) || expiresAt >= filter.expiresBefore.getTime()) return false;
  }
  return true;
}

/** A time read from a record, in milliseconds; `NaN` when it is absent or not a time. */
export function timeOf(text: string | null | undefined): number {
  return typeof text === 'string' ? Date.parse(text) : NaN;
}
