import assert from 'node:assert/strict';
import { LockLostError, MemoryLockManager, type LockManager } from '@flowcache/core';
import { checkLockDuration, type AcquireOptions, type Lease } from '@flowcache/core/adapters';

/** Runs `work` while holding the lock on `key`, renewing the lease until the work is done. */
async function withLock<T>(
  locks: LockManager,
  key: string,
  holder: string,
  work: () => Promise<T>,
): Promise<T | undefined> {
  const options: AcquireOptions = { leaseMs: 1_000, timeoutMs: 5_000 };
  let lease: Lease | undefined = await locks.acquire(key, holder, options);
  if (lease === undefined) return undefined; // still held by someone else after 5 s
  const renewal = setInterval(() => {
    void locks.renew(lease!, options.leaseMs).then((renewed) => (lease = renewed));
  }, options.leaseMs / 3);
  try {
    return await work();
  } finally {
    clearInterval(renewal);
    await locks.release(lease);
  }
}

export async function main(): Promise<void> {
  const locks = new MemoryLockManager();
  const order: string[] = [];
  const job = (name: string) => async () => {
    order.push(`${name} in`);
    await new Promise((resolve) => setTimeout(resolve, 20));
    order.push(`${name} out`);
    return name;
  };
  await Promise.all([
    withLock(locks, 'nightly', 'worker-a', job('a')),
    withLock(locks, 'nightly', 'worker-b', job('b')),
  ]);
  assert.deepEqual(order, ['a in', 'a out', 'b in', 'b out']); // one at a time

  // A crashed holder blocks others for one lease at most, and its stale lease cannot release the new holder's lock.
  const stale = await locks.acquire('import', 'crashed-worker', { leaseMs: 50 });
  const fresh = await locks.acquire('import', 'worker-c', { leaseMs: 1_000, timeoutMs: 1_000 });
  assert.equal(fresh?.holder, 'worker-c');
  await assert.rejects(locks.release(stale!), LockLostError);
  assert.equal(await locks.isLocked('import'), true);
  await locks.release(fresh!);
  assert.equal(await locks.waitForRelease('import', 0), true);

  // Lock managers share one check of durations: a lease lasts at least 1 ms, a wait may be 0 (try once).
  assert.throws(() => checkLockDuration('leaseMs', 0), RangeError);
  await assert.rejects(locks.acquire('import', 'worker-d', { leaseMs: -5 }), RangeError);
}
