import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeLockCompliance } from '@flowcache/core/testing';
import { FileSystemLockManager } from '../../src';
import { lockKeyToPath } from '../../src/locks/lockKeyToPath';
import { makeTemporaryDirectory, removeDirectory, walkTree } from '../support';

const LONG = 60_000;

describeLockCompliance('FileSystemLockManager', {
  create: async () => new FileSystemLockManager({ directory: await makeTemporaryDirectory('storage-fs') }),
  destroy: (locks) => removeDirectory((locks as FileSystemLockManager).directory),
});

async function withDirectory(test: (directory: string) => Promise<void>): Promise<void> {
  const directory = await makeTemporaryDirectory('storage-fs');
  try {
    await test(directory);
  } finally {
    await removeDirectory(directory);
  }
}

/** Writes a lock file by hand, as another process would: this host and an expiry a minute away unless told. */
async function writeLockFile(directory: string, key: string, content: Record<string, unknown>): Promise<void> {
  const file = lockKeyToPath(directory, key);
  await fs.mkdir(path.dirname(file), { recursive: true });
  await fs.writeFile(file, JSON.stringify({ host: os.hostname(), expiresAt: Date.now() + LONG, ...content }));
}

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', '']);
  expect(child.status).toBe(0);
  return child.pid;
}

describe('FileSystemLockManager', () => {
  it('has a file:// location and needs a directory', () => {
    const locks = new FileSystemLockManager({ directory: '/var/locks' });
    expect(locks.location).toBe('file:///var/locks');
    expect(() => new FileSystemLockManager({ directory: '' })).toThrow('needs a directory');
  });

  it('writes the lease into the lock file as JSON', () =>
    withDirectory(async (directory) => {
      const locks = new FileSystemLockManager({ directory });
      const lease = await locks.acquire('jobs/nightly', 'worker-a', { leaseMs: LONG });
      const content = JSON.parse(await fs.readFile(path.join(directory, 'jobs', 'nightly.lock'), 'utf8'));
      const { token, expiresAt } = lease!;
      expect(content).toEqual({ holder: 'worker-a', token, pid: process.pid, host: os.hostname(), expiresAt });
    }));

  it('takes over at once a lock whose holder process on this host is gone', () =>
    withDirectory(async (directory) => {
      const locks = new FileSystemLockManager({ directory });
      const pid = deadPid();
      await writeLockFile(directory, 'orphan', { holder: 'crashed', token: 'old', pid });
      expect(await locks.isLocked('orphan')).toBe(false);
      expect(await locks.waitForRelease('orphan', 0)).toBe(true);
      const lease = await locks.acquire('orphan', 'worker-a', { leaseMs: LONG });
      expect(lease).toMatchObject({ holder: 'worker-a' });
      expect(lease!.token).not.toBe('old');
      expect(await locks.acquire('orphan', 'worker-b', { leaseMs: LONG })).toBeUndefined();
      // the tombstone is gone: only the new lock file remains
      expect((await walkTree(directory)).map((file) => path.relative(directory, file))).toEqual(['orphan.lock']);
    }));

  it('respects an unexpired lock of a live process, or of a process on another host', () =>
    withDirectory(async (directory) => {
      const locks = new FileSystemLockManager({ directory });
      const pid = deadPid();
      await writeLockFile(directory, 'remote', { holder: 'far', token: 't1', pid, host: `${os.hostname()}-elsewhere` });
      await writeLockFile(directory, 'parent', { holder: 'near', token: 't2', pid: process.ppid });
      expect(await locks.isLocked('remote')).toBe(true);
      expect(await locks.isLocked('parent')).toBe(true);
      expect(await locks.acquire('remote', 'worker-a', { leaseMs: LONG, timeoutMs: 50 })).toBeUndefined();
      expect(await locks.acquire('parent', 'worker-a', { leaseMs: LONG })).toBeUndefined();
    }));

  it('treats a lock file that is not a lock (empty, not JSON) as free', () =>
    withDirectory(async (directory) => {
      const locks = new FileSystemLockManager({ directory });
      await fs.writeFile(path.join(directory, 'junk.lock'), '');
      expect(await locks.isLocked('junk')).toBe(false);
      expect(await locks.acquire('junk', 'worker-a', { leaseMs: LONG })).toMatchObject({ holder: 'worker-a' });
    }));

  it('excludes holders using two managers on one directory', () =>
    withDirectory(async (directory) => {
      const managers = [new FileSystemLockManager({ directory }), new FileSystemLockManager({ directory })];
      const held = await managers[0].acquire('shared', 'worker-a', { leaseMs: LONG });
      expect(await managers[1].isLocked('shared')).toBe(true);
      expect(await managers[1].acquire('shared', 'worker-b', { leaseMs: LONG })).toBeUndefined();
      const waiting = managers[1].waitForRelease('shared', 10_000);
      await sleep(50);
      await managers[0].release(held!);
      expect(await waiting).toBe(true);

      let inside = 0;
      let most = 0;
      const worker = async (index: number) => {
        const locks = managers[index % 2];
        for (let round = 0; round < 3; round++) {
          const lease = await locks.acquire('section', `worker-${index}`, { leaseMs: LONG, timeoutMs: 20_000 });
          expect(lease).toBeDefined();
          inside++;
          most = Math.max(most, inside);
          await sleep(5);
          inside--;
          await locks.release(lease!);
        }
      };
      await Promise.all(Array.from({ length: 6 }, (_unused, index) => worker(index)));
      expect(most).toBe(1);
    }));

  it('keeps every lock file inside the directory, one file per key, and tidies up on release', () =>
    withDirectory(async (directory) => {
      const locks = new FileSystemLockManager({ directory });
      const keys = [
        'a',
        'a.lock/b',
        'A.LOCK',
        '.hidden',
        '%2E',
        'x.fcr/y',
        'deep/er/still',
        'a%2Elock',
        '..a',
        'é/日本',
      ];
      const leases = await Promise.all(keys.map((key) => locks.acquire(key, 'worker-a', { leaseMs: LONG })));
      expect(leases.every((lease) => lease !== undefined)).toBe(true);
      const files = (await walkTree(directory)).filter((file) => file.endsWith('.lock'));
      const lockFiles = [];
      for (const file of files) {
        expect(file.startsWith(directory + path.sep)).toBe(true);
        if ((await fs.stat(file)).isFile()) lockFiles.push(file);
      }
      expect(lockFiles).toHaveLength(keys.length);
      for (const key of keys) expect(await locks.isLocked(key)).toBe(true);
      await Promise.all(leases.map((lease) => locks.release(lease!)));
      expect(await walkTree(directory)).toEqual([]);
    }));
});
