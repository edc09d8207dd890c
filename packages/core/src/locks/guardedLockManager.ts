import {
  checkKeyArgument,
  checkNumberArgument,
  LEASE_DURATION,
  refuseArgument,
  WAIT_DURATION,
} from '../storage/checkArgument';
import { guardOnce } from '../storage/guardOnce';
import type { AcquireOptions, Lease, LockManager, ReleaseWatch } from './LockManager';

// The same symbol in every copy of @flowcache/core a process loads, so that no copy guards another's guard again.
const GUARDED_LOCK_MANAGER = Symbol.for('@flowcache/core:guarded-lock-manager');

/**
 * A lock manager whose arguments core has checked once, before the manager gets them: keys (`StorageKeyError`),
 * `leaseMs` and `timeoutMs` (`RangeError`), the holder and the lease (`TypeError`), each error in one wording that
 * names the operation, the key and the location. A refused call returns a rejected promise and never reaches the
 * manager; any other call returns the manager's own promise.
 */
export class GuardedLockManager implements LockManager {
  /** @internal */
  readonly [GUARDED_LOCK_MANAGER] = true;

  /** The manager's own `watchReleases`, the key checked first; absent when the manager has none. */
  readonly watchReleases?: (key: string) => Promise<ReleaseWatch>;

  constructor(
    /** The lock manager that does the work. */
    protected readonly manager: LockManager,
  ) {
    const watch = manager.watchReleases;
    if (typeof watch === 'function') {
      this.watchReleases = (key) => {
        try {
          checkKeyArgument(key, 'watchReleases', this);
        } catch (error) {
          return Promise.reject(error);
        }
        return watch.call(manager, key);
      };
    }
  }

  get location(): string {
    return this.manager.location;
  }

  acquire(key: string, holder: string, options: AcquireOptions): Promise<Lease | undefined> {
    try {
      checkKeyArgument(key, 'acquire', this);
      if (typeof holder !== 'string' || holder === '') {
        refuseArgument('holder', 'a non-empty string naming who takes the lock', holder, 'acquire', this, key);
      }
      if (typeof options !== 'object' || options === null) {
        refuseArgument('options', 'an object with leaseMs', options, 'acquire', this, key);
      }
      checkNumberArgument('leaseMs', options.leaseMs, LEASE_DURATION, 'acquire', this, key);
      const { timeoutMs } = options;
      if (timeoutMs !== undefined) checkNumberArgument('timeoutMs', timeoutMs, WAIT_DURATION, 'acquire', this, key);
      const { takeOverEnded } = options;
      if (takeOverEnded !== undefined && typeof takeOverEnded !== 'boolean') {
        refuseArgument('takeOverEnded', 'true, false or undefined', takeOverEnded, 'acquire', this, key);
      }
    } catch (error) {
      return Promise.reject(error);
    }
    return this.manager.acquire(key, holder, options);
  }

  renew(lease: Lease, leaseMs: number): Promise<Lease> {
    try {
      this.checkLease('renew', lease);
      checkNumberArgument('leaseMs', leaseMs, LEASE_DURATION, 'renew', this, lease.key);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.manager.renew(lease, leaseMs);
  }

  release(lease: Lease): Promise<void> {
    try {
      this.checkLease('release', lease);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.manager.release(lease);
  }

  isLocked(key: string): Promise<boolean> {
    try {
      checkKeyArgument(key, 'isLocked', this);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.manager.isLocked(key);
  }

  waitForRelease(key: string, timeoutMs: number): Promise<boolean> {
    try {
      checkKeyArgument(key, 'waitForRelease', this);
      checkNumberArgument('timeoutMs', timeoutMs, WAIT_DURATION, 'waitForRelease', this, key);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.manager.waitForRelease(key, timeoutMs);
  }

  // A lease comes from acquire or renew; one made up or mangled is refused before the manager reads its fields.
  private checkLease(operation: string, lease: Lease): void {
    const fields = lease as Partial<Record<keyof Lease, unknown>> | null | undefined;
    const made = typeof fields === 'object' && fields !== null;
    if (!made || typeof fields.token !== 'string' || typeof fields.holder !== 'string') {
      refuseArgument('lease', 'the Lease that acquire or renew returned', lease, operation, this);
    }
    checkKeyArgument(lease.key, operation, this);
  }
}

// One guard per manager, so that lock managers compare by identity however often they enter core.
const guards = new WeakMap<object, LockManager>();
const makeGuard = (manager: LockManager): LockManager => new GuardedLockManager(manager);

/**
 * The lock manager core works with: `locks` itself when it is already guarded (`MemoryLockManager` is), else the
 * one `GuardedLockManager` around it (the same one every time). Core applies it wherever a lock manager enters
 * (engine, task options, `transaction`), so managers receive checked arguments only.
 */
export function guardLockManager(locks: LockManager): LockManager {
  return guardOnce(locks, GUARDED_LOCK_MANAGER, guards, makeGuard);
}
