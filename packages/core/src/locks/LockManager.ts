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
}
