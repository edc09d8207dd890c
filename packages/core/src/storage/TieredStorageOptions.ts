import type { Logger } from '../settings/Logger';
import type { ResultStorage } from './ResultStorage';

/** The options of `new TieredStorage(options)`. */
export interface TieredStorageOptions {
  /**
   * The storage on this host, read first and filled from `remote`: typically a `FileSystemStorage` on a local
   * disk. It only ever holds copies of what `remote` holds; it may be emptied at any time.
   */
  readonly local: ResultStorage;
  /** The storage shared by every process, the source of truth: typically an `S3Storage`. */
  readonly remote: ResultStorage;
  /**
   * How long a local copy is served after it was copied or written, in milliseconds (from the local object's
   * `modifiedAt`); older copies are read from `remote` again and copied anew. Bounds how long this host keeps
   * serving a record deleted (invalidated, pruned) or replaced (`refresh`) by another process on `remote`. Default
   * `Infinity`: a local copy is served as long as its record's own expiry holds, and invalidation done elsewhere
   * needs the local tier cleared. A number above 0; with one, a local hit also reads the copy's `stat`.
   */
  readonly localTtlMs?: number;
  /** Where warnings about the local tier go (a failing disk, a damaged copy). Default: `console.warn`. */
  readonly logger?: Logger;
  /** What time it is, in milliseconds since the epoch, to judge expiry and `localTtlMs`. Default `Date.now`. */
  readonly clock?: () => number;
}
