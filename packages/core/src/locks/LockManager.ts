/** A held lock: who holds it, until when, and the token that proves it (fencing for renew and release). */
export interface Lease {
  readonly key: string;
  readonly holder: string;
  /** Unique per acquisition: a lease taken over by another holder has another token. */
  readonly token: string;
  /** Epoch milliseconds after which others may take the lock over, unless the lease is renewed. */
  readonly expiresAt: number;
}

export interface AcquireOptions {
  /** How long the lease lasts unless renewed, in milliseconds. */
  readonly leaseMs: number;
  /** How long to wait for a held lock, in milliseconds; 0 (the default) tries once. */
  readonly timeoutMs?: number;
  /**
   * `false` lets the first look answer "held" without finding out whether the lease in the way has ended, when
   * that costs a request: `S3LockManager` then sends only its create request. A waiter that looks again soon
   * passes it on its first try, and takes over an ended lease on the next. Default `true`; managers may ignore it.
   */
  readonly takeOverEnded?: boolean;
}

/**
 * Leases by key, the contract every lock manager implements (memory, files, S3, Redis). A lease expires unless
 * renewed, so a crashed holder blocks others for at most one lease. Release and renewal check the lease's token:
 * a holder whose lease expired and was taken over cannot release or extend the new holder's lock. Keys follow
 * `checkStorageKey`; core checks keys, durations, holders and leases before a manager gets them
 * (`guardLockManager`). Every lock manager runs the shared lock compliance suite (`@flowcache/core/testing`).
 */
export interface LockManager {
  /** Where the locks live, for messages: `memory://`, `file:///var/locks`, `s3://bucket/locks`, `redis://host`. */
  readonly location: string;
  /**
   * Takes the lock on `key` for `holder`, waiting up to `timeoutMs` while someone else holds it; `undefined` when
   * it could not be taken in time. A holder that already holds the lock gets it renewed.
   */
  acquire(key: string, holder: string, options: AcquireOptions): Promise<Lease | undefined>;
  /** Extends a lease still held; throws `LockLostError` when it expired and was taken over, or was released. */
  renew(lease: Lease, leaseMs: number): Promise<Lease>;
  /** Lets go of a lease; throws `LockLostError` when the lease is no longer the one holding the lock. */
  release(lease: Lease): Promise<void>;
  /** Whether someone holds an unexpired lease on the key. */
  isLocked(key: string): Promise<boolean>;
  /** Waits until the key is free (released or expired); `false` when still held after `timeoutMs`. */
  waitForRelease(key: string, timeoutMs: number): Promise<boolean>;
  /**
   * Optional: tells of releases of the lock on `key`, by this process or any other, without a request to the store
   * per wait (Redis pub/sub, a file watcher, this process's memory). It resolves once the watch is in place, so a
   * waiter opens it, tries the lock once more, and then waits for the next notice, bounded by a timeout of its
   * own (a notice may be lost, and an expiry is not announced). Without it, waiters back off and look again.
   */
  watchReleases?(key: string): Promise<ReleaseWatch>;
}

/** Notices of the releases of one lock, from `LockManager.watchReleases` until `close`. */
export interface ReleaseWatch {
  /**
   * Resolves `true` at the first release noticed since the watch began or since the last `next` that resolved
   * `true`, at once when one was noticed meanwhile; `false` after `timeoutMs` without one.
   */
  next(timeoutMs: number): Promise<boolean>;
  /** Stops watching and frees what the watch holds (a subscription, a file watcher). */
  close(): void;
}
