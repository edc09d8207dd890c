import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { LockLostError } from '../errors/LockLostError';
import { StorageKeyError } from '../errors/StorageKeyError';
import { guardLockManager } from '../locks/guardedLockManager';
import type { LockManager } from '../locks/LockManager';

/** Makes a fresh lock manager for one test (fresh locks), and optionally cleans it up afterwards. */
export interface LockFixture {
  create(): Promise<LockManager> | LockManager;
  destroy?(locks: LockManager): Promise<void> | void;
}

const LONG = 60_000;

/**
 * The behaviour every `LockManager` must have, as a jest suite a lock package runs in one line:
 * `describeLockCompliance('RedisLockManager', { create: () => new RedisLockManager({ client }) })`.
 * Lease expiry is exercised with leases of a few hundred milliseconds. Bad arguments are refused by core before a
 * lock manager sees them: those tests go through `guardLockManager`, as every lock manager core works with does.
 */
export function describeLockCompliance(name: string, fixture: LockFixture): void {
  describe(`${name} (lock compliance)`, () => {
    let locks: LockManager;
    beforeEach(async () => {
      locks = await fixture.create();
    });
    afterEach(async () => {
      await fixture.destroy?.(locks);
    });

    it('gives a free key to the first holder, and refuses others while it holds it', async () => {
      const before = Date.now();
      const lease = await locks.acquire('report/1', 'worker-a', { leaseMs: LONG });
      expect(lease).toMatchObject({ key: 'report/1', holder: 'worker-a', token: expect.any(String) });
      expect(lease!.expiresAt).toBeGreaterThanOrEqual(before + LONG - 1_000);
      expect(await locks.isLocked('report/1')).toBe(true);
      expect(await locks.acquire('report/1', 'worker-b', { leaseMs: LONG })).toBeUndefined();
      expect(await locks.isLocked('report/2')).toBe(false);
      expect(await locks.acquire('report/2', 'worker-b', { leaseMs: LONG })).toBeDefined();
    });

    it('renews the lease of a holder that acquires again', async () => {
      const first = await locks.acquire('again', 'worker-a', { leaseMs: 1_000 });
      const second = await locks.acquire('again', 'worker-a', { leaseMs: LONG });
      expect(second?.token).toBe(first?.token);
      expect(second!.expiresAt).toBeGreaterThan(first!.expiresAt);
    });

    it('frees the key on release, for the next holder', async () => {
      const lease = await locks.acquire('released', 'worker-a', { leaseMs: LONG });
      await locks.release(lease!);
      expect(await locks.isLocked('released')).toBe(false);
      expect(await locks.acquire('released', 'worker-b', { leaseMs: LONG })).toMatchObject({ holder: 'worker-b' });
    });

    it('lets a waiting holder in when the lock is released', async () => {
      const lease = await locks.acquire('handover', 'worker-a', { leaseMs: LONG });
      const waiting = locks.acquire('handover', 'worker-b', { leaseMs: LONG, timeoutMs: 10_000 });
      await sleep(50);
      await locks.release(lease!);
      expect(await waiting).toMatchObject({ holder: 'worker-b' });
    });

    it('lets another holder take over an expired lease, and refuses the old lease after that', async () => {
      const stale = await locks.acquire('crashed', 'worker-a', { leaseMs: 300 });
      const taken = await locks.acquire('crashed', 'worker-b', { leaseMs: LONG, timeoutMs: 10_000 });
      expect(taken).toMatchObject({ holder: 'worker-b' });
      expect(taken!.token).not.toBe(stale!.token);
      await expect(locks.release(stale!)).rejects.toThrow(LockLostError);
      await expect(locks.renew(stale!, LONG)).rejects.toThrow(LockLostError);
      expect(await locks.isLocked('crashed')).toBe(true);
    });

    it('keeps a renewed lease from expiring', async () => {
      let lease = await locks.acquire('renewed', 'worker-a', { leaseMs: 400 });
      for (let round = 0; round < 3; round++) {
        await sleep(200);
        lease = await locks.renew(lease!, 400);
      }
      expect(await locks.acquire('renewed', 'worker-b', { leaseMs: LONG })).toBeUndefined();
      await locks.release(lease!);
    });

    it('refuses to release a lease that was already released', async () => {
      const lease = await locks.acquire('twice', 'worker-a', { leaseMs: LONG });
      await locks.release(lease!);
      await expect(locks.release(lease!)).rejects.toThrow(LockLostError);
    });

    it('waits for a release, or says it is still held after the timeout', async () => {
      const lease = await locks.acquire('awaited', 'worker-a', { leaseMs: LONG });
      expect(await locks.waitForRelease('awaited', 100)).toBe(false);
      const released = locks.waitForRelease('awaited', 10_000);
      await sleep(50);
      await locks.release(lease!);
      expect(await released).toBe(true);
      expect(await locks.waitForRelease('never-locked', 0)).toBe(true);
    });

    it('returns true at once for a free key, however long it may wait, and takes no lock', async () => {
      // Waiting out the timeout would outlast the test's own time limit.
      expect(await locks.waitForRelease('free', LONG)).toBe(true);
      const lease = await locks.acquire('released-before', 'worker-a', { leaseMs: LONG });
      await locks.release(lease!);
      expect(await locks.waitForRelease('released-before', LONG)).toBe(true);
      expect(await locks.isLocked('free')).toBe(false);
    });

    it('says a held key is still held only once its timeout has passed, and leaves the lease alone', async () => {
      const lease = await locks.acquire('held', 'worker-a', { leaseMs: LONG });
      expect(await locks.waitForRelease('held', 0)).toBe(false);
      const start = Date.now();
      expect(await locks.waitForRelease('held', 300)).toBe(false);
      expect(Date.now() - start).toBeGreaterThanOrEqual(300);
      expect(await locks.isLocked('held')).toBe(true);
      await locks.release(lease!);
    });

    it('ends the wait when the lease expires without a release', async () => {
      await locks.acquire('abandoned', 'worker-a', { leaseMs: 300 });
      expect(await locks.waitForRelease('abandoned', LONG)).toBe(true);
      expect(await locks.isLocked('abandoned')).toBe(false);
    });

    it('ends every wait on the released key, and no wait on another key', async () => {
      const lease = await locks.acquire('shared', 'worker-a', { leaseMs: LONG });
      const other = await locks.acquire('other', 'worker-a', { leaseMs: LONG });
      const waits = Array.from({ length: 3 }, () => locks.waitForRelease('shared', LONG));
      const otherWait = locks.waitForRelease('other', 300);
      await locks.release(lease!);
      expect(await Promise.all(waits)).toEqual([true, true, true]);
      expect(await otherWait).toBe(false);
      await locks.release(other!);
    });

    // Only for managers that tell of releases (watchReleases is optional); the others pass without it.
    it('tells a watch of a release at once, even one before it waits, and of none on another held key', async () => {
      if (locks.watchReleases === undefined) return;
      const lease = await locks.acquire('watched/report', 'worker-a', { leaseMs: LONG });
      const held = await locks.acquire('watched/other', 'worker-a', { leaseMs: LONG });
      const watch = await locks.watchReleases('watched/report');
      const other = await locks.watchReleases('watched/other');
      try {
        expect(await watch.next(0)).toBe(false);
        const woken = watch.next(LONG); // would outlast the test's own time limit without the release
        await locks.release(lease!);
        expect(await woken).toBe(true);
        const again = await locks.acquire('watched/report', 'worker-b', { leaseMs: LONG });
        await locks.release(again!);
        await sleep(50); // the notice may travel (Redis pub/sub, file events) before the next wait begins
        expect(await watch.next(LONG)).toBe(true);
        expect(await other.next(0)).toBe(false);
      } finally {
        watch.close();
        other.close();
        await locks.release(held!);
      }
    });

    it('rejects a key that could escape the store before waiting', async () => {
      await expect(guardLockManager(locks).waitForRelease('../escape', LONG)).rejects.toThrow(StorageKeyError);
    });

    it('gives a contended key to exactly one of many concurrent holders', async () => {
      const leases = await Promise.all(
        Array.from({ length: 10 }, (_unused, index) =>
          locks.acquire('contended', `worker-${index}`, { leaseMs: LONG }),
        ),
      );
      expect(leases.filter((lease) => lease !== undefined)).toHaveLength(1);
    });

    it('never lets two holders into the critical section at once', async () => {
      let inside = 0;
      let most = 0;
      const worker = async (holder: string) => {
        const lease = await locks.acquire('section', holder, { leaseMs: LONG, timeoutMs: 20_000 });
        expect(lease).toBeDefined();
        inside++;
        most = Math.max(most, inside);
        await sleep(20);
        inside--;
        await locks.release(lease!);
      };
      await Promise.all(Array.from({ length: 5 }, (_unused, index) => worker(`worker-${index}`)));
      expect(most).toBe(1);
    });

    it('rejects keys that could escape the store, and bad durations', async () => {
      const guarded = guardLockManager(locks);
      await expect(guarded.acquire('../escape', 'worker-a', { leaseMs: LONG })).rejects.toThrow(StorageKeyError);
      await expect(guarded.isLocked('/abs')).rejects.toThrow(StorageKeyError);
      await expect(guarded.acquire('ok', 'worker-a', { leaseMs: 0 })).rejects.toThrow(RangeError);
    });
  });
}
