import { describeFailure, retryTransient, type RetrySettings } from '../storage/retryTransient';
import type { Lease, LockManager } from './LockManager';

/** A lease being held: renewed in the background until `release`. */
export interface HeldLease {
  release(): Promise<void>;
}

export interface HoldLeaseOptions {
  readonly locks: LockManager;
  readonly key: string;
  readonly holder: string;
  readonly leaseMs: number;
  readonly waitMs: number;
  /** Who holds it, for warnings: a task's name or a transaction's. */
  readonly label: string;
  /**
   * How transient failures of the lock manager are retried before going on without the lock: taking a lock is
   * safe to repeat, as the same holder gets its own lock again.
   */
  readonly retry: RetrySettings;
  /** Warns once per cause. */
  readonly warnOnce: (id: string, message: string) => void;
  /**
   * Asked each time the lock is released by another holder: `true` when what the lock was wanted for is done
   * (the other holder committed the result), so this caller stops waiting and takes no lock at all. Waiters then
   * read the result together instead of taking the lock one after another.
   */
  readonly isSettled?: () => Promise<boolean>;
}

/**
 * Takes the lock on a key, waiting for other holders, and renews its lease every third of it until released, so
 * that only a crashed holder's lease ever expires. `undefined` when `isSettled` said the lock is no longer
 * needed, or when it could not be had in time or the lock manager failed: then the caller goes on without it (a
 * warning says why), never fails because of its lock.
 */
export async function holdLease(options: HoldLeaseOptions): Promise<HeldLease | undefined> {
  const { locks, key, holder, leaseMs, waitMs, label, retry, warnOnce, isSettled } = options;
  const deadline = Date.now() + waitMs;
  let lease: Lease | undefined;
  try {
    for (;;) {
      const timeoutMs = isSettled === undefined ? waitMs : 0;
      lease = await retryTransient(() => locks.acquire(key, holder, { leaseMs, timeoutMs }), retry);
      const remaining = deadline - Date.now();
      if (lease !== undefined || isSettled === undefined || remaining <= 0) break;
      const released = await retryTransient(() => locks.waitForRelease(key, remaining), retry);
      if (released && (await isSettled())) return undefined;
    }
  } catch (error) {
    warnOnce(`lock:${locks.location}`, `${label} runs without its lock: ${describeFailure(error, retry)}`);
    return undefined;
  }
  if (lease === undefined) {
    warnOnce(`lock-wait:${label}`, `${label} runs without its lock: another holder kept it too long`);
    return undefined;
  }
  let current = lease;
  const renewal = setInterval(() => {
    locks.renew(current, leaseMs).then(
      (renewed) => (current = renewed),
      (error: unknown) => warnOnce(`renew:${label}`, `${label} lost its lock: ${describe(error)}`),
    );
  }, leaseMs / 3);
  renewal.unref();
  return {
    async release() {
      clearInterval(renewal);
      await locks.release(current).catch((error: unknown) => {
        warnOnce(`release:${label}`, `${label} could not release its lock: ${describe(error)}`);
      });
    },
  };
}


function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
