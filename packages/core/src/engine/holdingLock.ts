import { ConfigurationError } from '../errors/ConfigurationError';
import type { Lease } from '../locks/LockManager';
import type { Call } from './Call';

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
  const { lockLeaseMs, lockWaitMs } = engine.settings;
  let lease: Lease | undefined;
  try {
    lease = await locks.acquire(key, call.taskRun.id, { leaseMs: lockLeaseMs, timeoutMs: lockWaitMs });
  } catch (error) {
    engine.warnOnce(`lock:${locks.location}`, `${task.name} runs without its lock: ${describe(error)}`);
  }
  if (lease === undefined) {
    engine.warnOnce(`lock-wait:${task.name}`, `${task.name} runs without its lock: another holder kept it too long`);
    return work();
  }
  let current = lease;
  const renewal = setInterval(() => {
    locks.renew(current, lockLeaseMs).then(
      (renewed) => (current = renewed),
      (error: unknown) => engine.warnOnce(`renew:${task.name}`, `${task.name} lost its lock: ${describe(error)}`),
    );
  }, lockLeaseMs / 3);
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
