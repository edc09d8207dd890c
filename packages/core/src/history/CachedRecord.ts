import type { RecordMetadata } from '../records/resultRecord';

/** One stored record as an inspection lists it: what the storage knows, and the record's own metadata. */
export interface CachedRecord {
  /** The storage key (also the cache key the record answers). */
  readonly key: string;
  /** Bytes stored. */
  readonly size: number;
  readonly modifiedAt: Date;
  /** The record's metadata: task, cache key, created, expires, serializer...; `undefined` when unreadable. */
  readonly metadata: RecordMetadata | undefined;
  /** Whether the record's expiry has passed (an unreadable record counts as expired: it is never a hit). */
  readonly expired: boolean;
  /** Why the record cannot be used, when it cannot. */
  readonly problem?: string;
  /**
   * `true` for a record written by a transaction whose commit has not completed (no commit marker): in progress,
   * or its process stopped mid-commit. Engines treat it as a miss; `prune` removes it once it is an hour old.
   */
  readonly uncommitted?: boolean;
}
