import { ConfigurationError } from '../errors/ConfigurationError';
import type { Lease } from '../locks/LockManager';
import type { Call } from './Call';

/** A lease lasts this long unless renewed; renewed every third of it while the body runs. */
const LEASE_MS = 30_000;
/** How long a call waits for another holder before running without the lock (with a warning). */
const WAIT_MS = 10 * 60_000;

/**
 * Runs `work` holding the lock on the call's key (SERIALIZABLE isolation), renewing the lease while it runs so
 * that only a crashed holder's lease expires. A lock that cannot be had in time, or a lock manager that fails,
 * never fails the call: it runs without the lock, with a warning.
 */
export async function holdingLock<T>(call: Call, key: string, work: () => Promise<T>): Promise<T> {
  const { engine, task } = call;
  const locks = task.lockManager ?? engine.lockManager;
  if (locks === undefined) {
    throw new ConfigurationError(
      `${task.name} is SERIALIZABLE but no lock manager is configured: bind LOCK_MANAGER in the container ` +
        '(e.g. new MemoryLockManager() for one process) or give the task a lockManager',
    );
  }
  let lease: Lease | undefined;
  try {
    lease = await locks.acquire(key, call.taskRun.id, { leaseMs: LEASE_MS, timeoutMs: WAIT_MS });
  } catch (error) {
    engine.warnOnce(`lock:${locks.location}`, `${task.name} runs without its lock: ${describe(error)}`);
  }
  if (lease === undefined) {
    engine.warnOnce(`lock-wait:${task.name}`, `${task.name} runs without its lock: another holder kept it too long`);
    return work();
  }
  let current = lease;
  const renewal = setInterval(() => {
    locks.renew(current, LEASE_MS).then(
      (renewed) => (current = renewed),
      (error: unknown) => engine.warnOnce(`renew:${task.name}`, `${task.name} lost its lock: ${describe(error)}`),
    );
  }, LEASE_MS / 3);
  renewal.unref();
  try {
    return await work();
  } finally {
    clearInterval(renewal);
    await locks.release(current).catch((error: unknown) => {
      engine.warnOnce(`release:${task.name}`, `${task.name} could not release its lock: ${describe(error)}`);
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
