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
  /** Warns once per cause. */
  readonly warnOnce: (id: string, message: string) => void;
}

/**
 * Takes the lock on a key, waiting for other holders, and renews its lease every third of it until released, so
 * that only a crashed holder's lease ever expires. `undefined` when the lock could not be had in time or the
 * lock manager failed: the caller goes on without it (a warning says why), never fails because of its lock.
 */
export async function holdLease(options: HoldLeaseOptions): Promise<HeldLease | undefined> {
  const { locks, key, holder, leaseMs, waitMs, label, warnOnce } = options;
  let lease: Lease | undefined;
  try {
    lease = await locks.acquire(key, holder, { leaseMs, timeoutMs: waitMs });
  } catch (error) {
    warnOnce(`lock:${locks.location}`, `${label} runs without its lock: ${describe(error)}`);
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
