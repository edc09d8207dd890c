import { describeFailure, retryTransient, type RetrySettings } from '../storage/retryTransient';
import type { EndWait } from '../transactions/waitsBetweenTransactions';
import type { Lease, LockManager } from './LockManager';
import { ReleaseWaiter, type PauseEnd } from './ReleaseWaiter';
import { errorMessage } from '../errors/errorMessage';

/** A lease being held: renewed in the background until `release`. */
export interface HeldLease {
  release(): Promise<void>;
}

/**
 * @internal How one caller contends for a lock with the other transaction trees of this process (`contendFor`):
 * its attempts to take the lock, and its waits for whoever holds it.
 */
export interface LockContention {
  /**
   * Makes one attempt (`acquire`, which tries once), in turn with this process's other attempts on the same lock,
   * and records the caller's tree as the holder when it succeeds, before the next attempt starts: a caller that
   * finds the lock taken by this process always knows by whom.
   */
  attempt(acquire: () => Promise<Lease | undefined>): Promise<Lease | undefined>;
  /**
   * Records that the caller waits for the holder and returns what ends that wait, or `undefined` when the holder
   * waits, itself, for the caller (each would wait for the other for ever).
   */
  beginWait(): EndWait | undefined;
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
   * Asked after each release of the lock noticed (see `LockManager.watchReleases`), or after each pause of a
   * waiter whose lock manager tells of no releases: `true` when what the lock was wanted for is done (the other
   * holder committed the result), so this caller stops waiting and takes no lock at all. Waiters then read the
   * result together instead of taking the lock one after another.
   */
  readonly isSettled?: () => Promise<boolean>;
  /**
   * How the caller contends with this process's other transaction trees (see `LockContention`): its attempts are
   * made in turn with theirs, and before each wait for another holder it records that wait; a wait that would
   * never end (the holder waits, itself, for the caller) is not begun, and the caller goes on without the lock,
   * as when the wait times out, with a warning.
   */
  readonly contention?: LockContention;
}

/**
 * Takes the lock on a key, waiting for other holders, and renews its lease every third of it until released, so
 * that only a crashed holder's lease ever expires. A waiter pauses between attempts (`ReleaseWaiter`): woken by
 * a release when the lock manager tells of them, else backing off (jittered, doubling, at most half a lease).
 * `undefined` when `isSettled` said the lock is no longer needed, or when it could not be had in time, waiting
 * would never end (see `beginWait`) or the lock manager failed: then the caller goes on without it (a warning
 * says why), never fails because of its lock.
 */
export async function holdLease(options: HoldLeaseOptions): Promise<HeldLease | undefined> {
  const { locks, key, holder, leaseMs, waitMs, label, retry, warnOnce, isSettled, contention } = options;
  const deadline = Date.now() + waitMs;
  // Waiting in steps (try, pause until a release or for a while, read the result, try again) lets each step look
  // at the holder again, and lets a waiter find the result without ever taking the lock.
  const inSteps = isSettled !== undefined || contention !== undefined;
  // The first try of a waiter need not find out whether the lease in the way has ended: it looks again soon.
  let takeOverEnded = !inSteps;
  const acquire = () => {
    const options = { leaseMs, timeoutMs: inSteps ? 0 : waitMs, takeOverEnded };
    takeOverEnded = true;
    return retryTransient(() => locks.acquire(key, holder, options), retry);
  };
  let lease: Lease | undefined;
  let deadlocked = false;
  const waiter = new ReleaseWaiter(locks, key, leaseMs);
  let tryNow = true;
  try {
    for (;;) {
      if (tryNow) lease = await (contention === undefined ? acquire() : contention.attempt(acquire));
      const remaining = deadline - Date.now();
      if (lease !== undefined || !inSteps || remaining <= 0) break;
      const endWait = contention === undefined ? () => undefined : contention.beginWait();
      if (endWait === undefined) {
        deadlocked = true;
        break;
      }
      let paused: PauseEnd;
      try {
        paused = await waiter.pause(remaining);
      } finally {
        endWait();
      }
      // After a release, or a pause that saw nothing, the result may be there: reading it is the cheapest way out.
      if ((paused === 'released' || paused === 'maybe') && isSettled !== undefined) {
        const settled = await isSettled();
        if (paused === 'maybe') waiter.looked(settled);
        if (settled) return undefined;
      }
      // Without notices, one read tells whether the lock is still held: cheaper than a refused try.
      tryNow = paused !== 'maybe' || !(await retryTransient(() => locks.isLocked(key), retry));
    }
  } catch (error) {
    warnOnce(`lock:${locks.location}`, `${label} runs without its lock: ${describeFailure(error, retry)}`);
    return undefined;
  } finally {
    waiter.close();
  }
  if (lease === undefined) {
    const why = deadlocked
      ? 'the transaction holding it is waiting for this one, so neither would ever end (take keys in the same ' +
        'order everywhere)'
      : 'another holder kept it too long';
    warnOnce(`lock-wait:${label}`, `${label} runs without its lock: ${why}`);
    return undefined;
  }
  let current = lease;
  const renewal = setInterval(() => {
    locks.renew(current, leaseMs).then(
      (renewed) => (current = renewed),
      (error: unknown) => warnOnce(`renew:${label}`, `${label} lost its lock: ${errorMessage(error)}`),
    );
  }, leaseMs / 3);
  renewal.unref();
  return {
    async release() {
      clearInterval(renewal);
      await locks.release(current).catch((error: unknown) => {
        warnOnce(`release:${label}`, `${label} could not release its lock: ${errorMessage(error)}`);
      });
    },
  };
}
