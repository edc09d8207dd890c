import { describe, expect, it, jest } from '@jest/globals';
import fs from 'node:fs';
import path from 'node:path';
import { FileSystemLockManager } from '../../src';
import { lockKeyToPath } from '../../src/locks/lockKeyToPath';
import { countLooks, crashingHolder, holderAndWaiter, recordWatches } from '../../../../test/support/watchedWaiter';
import { makeTemporaryDirectory, removeDirectory } from '../support';

async function withDirectory(test: (directory: string) => Promise<void>): Promise<void> {
  const directory = await makeTemporaryDirectory('storage-fs');
  try {
    await test(directory);
  } finally {
    await removeDirectory(directory);
  }
}

describe('FileSystemLockManager release watch', () => {
  it('wakes a waiting SERIALIZABLE call at the release, which reads the result and never polls', () =>
    withDirectory(async (directory) => {
      // Two managers on one directory stand for two processes of one host.
      const waiterLocks = new FileSystemLockManager({ directory });
      const looks = countLooks(waiterLocks);
      const watches = recordWatches(waiterLocks);
      const workers = holderAndWaiter(new FileSystemLockManager({ directory }), waiterLocks);

      const held = workers.holder.train('sales');
      await workers.holding;
      const waited = workers.waiter.train('sales');
      await watches.waiting;
      workers.finishHolder();

      expect(await Promise.all([held, waited])).toEqual(['model of sales #1', 'model of sales #1']);
      expect(workers.runs()).toBe(1);
      // Woken by the release (a renewal would wake it too, but the holder renews only every 10 s). Its looks at
      // the lock: a try, a try once watching, one per fallback look (if any on a slow machine); no polling.
      expect(watches.wakes.at(-1)).toBe(true);
      const fallbackLooks = watches.wakes.filter((released) => !released).length;
      expect(looks).toEqual(Array(2 + fallbackLooks).fill('acquire'));
    }));

  it('takes over from a holder that crashed, whose lease ends without a change to the file, by its fallback look', () =>
    withDirectory(async (directory) => {
      const waiterLocks = new FileSystemLockManager({ directory });
      const watches = recordWatches(waiterLocks);
      const crashed = crashingHolder(new FileSystemLockManager({ directory }));
      const workers = holderAndWaiter(crashed, waiterLocks, { holderLeaseMs: 1_000 });

      const held = workers.holder.train('sales');
      await workers.holding;
      await expect(workers.waiter.train('sales')).resolves.toBe('model of sales #2');
      expect(watches.wakes.length).toBeGreaterThan(0);
      expect(watches.wakes.every((released) => !released)).toBe(true);
      workers.finishHolder();
      await held;
    }));

  it('tells of a release of a nested key, and of the removal of its emptied directory', () =>
    withDirectory(async (directory) => {
      const locks = new FileSystemLockManager({ directory });
      const lease = await locks.acquire('reports/2026/q1', 'worker-a', { leaseMs: 60_000 });
      expect(path.dirname(lockKeyToPath(directory, 'reports/2026/q1'))).not.toBe(directory);
      const watch = await locks.watchReleases('reports/2026/q1');
      try {
        expect(await watch.next(0)).toBe(false);
        await locks.release(lease!);
        expect(await watch.next(60_000)).toBe(true);
      } finally {
        watch.close();
      }
    }));

  it('ends the first wait at once for a key whose directory does not exist: nobody holds it', () =>
    withDirectory(async (directory) => {
      const watch = await new FileSystemLockManager({ directory }).watchReleases('never/taken');
      try {
        expect(await watch.next(60_000)).toBe(true);
      } finally {
        watch.close();
      }
    }));
  it('does not end waits at once on a held lock whose directory cannot be watched: they last their timeout', () =>
    withDirectory(async (directory) => {
      // What a host out of inotify watches (thousands of keys waited on) or a directory made unreadable gives.
      const watchSpy = jest.spyOn(fs, 'watch').mockImplementation(() => {
        throw Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), { code: 'ENOSPC' });
      });
      const locks = new FileSystemLockManager({ directory });
      const lease = await locks.acquire('reports/q1', 'worker-a', { leaseMs: 60_000 });
      const watch = await locks.watchReleases('reports/q1');
      try {
        // A wait ended at once, every time, would have the waiter look at the lock in a loop until its timeout.
        expect(await watch.next(1)).toBe(false);
        expect(await watch.next(1)).toBe(false);
        expect(watchSpy).toHaveBeenCalled();
      } finally {
        watch.close();
        watchSpy.mockRestore();
        await locks.release(lease!);
      }
    }));
});
