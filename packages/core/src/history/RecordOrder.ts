import type { CachedRecord } from './CachedRecord';
import type { ForeignObjects } from './ForeignObjects';

/**
 * What `sortedRecords` sorts by: `size` (largest first), `age` (the record's `createdAt`: oldest first) or
 * `lastUsed` (when a run last used the record, see `CacheInspector.lastUses`: most recent first). Records whose
 * value is unknown (an unreadable record's age, a record no run kept in the history used) come last either way.
 */
export type RecordSort = 'size' | 'age' | 'lastUsed';

/** The sorts `sortedRecords` knows, for tools that check a name given to them. */
export const RECORD_SORTS: readonly RecordSort[] = ['size', 'age', 'lastUsed'];

/** Which page of the sorted records to return, and in which order. */
export interface SortedRecordsOptions {
  readonly sort: RecordSort;
  /** The other order (smallest, newest or least recently used first); unknown values still come last. */
  readonly reverse?: boolean;
  /** How many of the sorted records to skip (default 0). */
  readonly offset?: number;
  /** How many records to return at most (default 100). */
  readonly limit?: number;
}

/** One page of `sortedRecords`. */
export interface SortedRecordPage {
  /** The page's records, sorted, read afresh (as `list` reads them). */
  readonly records: readonly CachedRecord[];
  /** When a run last used each of the page's records (see `lastUses`); records no kept run used are absent. */
  readonly lastUses: ReadonlyMap<string, Date>;
  /** How many records match the filter: the page is `offset` to `offset + limit` of these. */
  readonly total: number;
  /** Objects that are not flowcache records, skipped in the walk. */
  readonly foreign: ForeignObjects;
}

/** What a sorted walk keeps of each matching record: enough to sort it and read it again, never its value. */
export interface SortRow {
  readonly key: string;
  readonly size: number;
  readonly modifiedAt: Date;
  /** The value sorted by; `NaN` when unknown. */
  rank: number;
}

/** Sorts rows in place: known values in the sort's order (or its reverse), unknown ones last, ties by key. */
export function sortRows(rows: SortRow[], sort: RecordSort, reverse = false): SortRow[] {
  // Largest size, oldest creation, latest use first.
  const ascending = (sort === 'age') !== reverse;
  return rows.sort((a, b) => {
    const aUnknown = Number.isNaN(a.rank);
    const bUnknown = Number.isNaN(b.rank);
    if (aUnknown !== bUnknown) return aUnknown ? 1 : -1;
    const order = aUnknown || a.rank === b.rank ? 0 : ascending ? a.rank - b.rank : b.rank - a.rank;
    return order !== 0 ? order : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
  });
}

/** Throws a `RangeError` naming the option that is not one `sortedRecords` accepts. */
export function checkSortOptions(options: SortedRecordsOptions): void {
  if (!RECORD_SORTS.includes(options.sort)) {
    throw new RangeError(
      `sortedRecords: \`sort\` must be one of ${RECORD_SORTS.join(', ')}, got ${String(options.sort)}`,
    );
  }
  const { offset, limit } = options;
  if (offset !== undefined && !(Number.isSafeInteger(offset) && offset >= 0)) {
    throw new RangeError(`sortedRecords: \`offset\` must be a whole number, 0 or more, got ${String(offset)}`);
  }
  if (limit !== undefined && !(Number.isSafeInteger(limit) && limit >= 1)) {
    throw new RangeError(`sortedRecords: \`limit\` must be a whole number, 1 or more, got ${String(limit)}`);
  }
}
