import 'reflect-metadata';
import { Engine, MemoryLockManager, StorageKeyError, Task } from '../../src';
import { checkLockDuration, guardLockManager, type AcquireOptions, type Lease } from '../../src/adapters';
import { findDefinition } from '../../src/definitions/definitionRegistry';
import { MemoryLeases } from '../../src/locks/MemoryLeases';

/** A lock manager that checks nothing and records every call it gets, as one written after core took the checks. */
class UncheckedLocks extends MemoryLeases {
  readonly calls: string[] = [];

  override readonly location: string = 'unchecked://locks';

  override async acquire(key: string, holder: string, options: AcquireOptions): Promise<Lease | undefined> {
    this.calls.push(`acquire ${key}`);
    return super.acquire(key, holder, options);
  }

  override async release(lease: Lease): Promise<void> {
    this.calls.push(`release ${lease.key}`);
    return super.release(lease);
  }
}

describe('guardLockManager', () => {
  let manager: UncheckedLocks;
  beforeEach(() => {
    manager = new UncheckedLocks();
  });

  it('refuses a bad key with one StorageKeyError naming key, rule, operation and location', async () => {
    const locks = guardLockManager(manager);
    const refusal = locks.acquire('../escape', 'worker-a', { leaseMs: 1_000 });
    await expect(refusal).rejects.toThrow(StorageKeyError);
    await expect(refusal).rejects.toThrow(
      'invalid storage key "../escape" for acquire in unchecked://locks: a key must not contain . or .. segments',
    );
    await expect(locks.waitForRelease('a//b', 0)).rejects.toThrow(
      'invalid storage key "a//b" for waitForRelease in unchecked://locks: ' +
        'a key must not contain empty segments (// or a trailing /)',
    );
    expect(manager.calls).toEqual([]);
  });

  it('refuses a bad duration with one RangeError wording naming the call, as checkLockDuration words it', async () => {
    const locks = guardLockManager(manager);
    await expect(locks.acquire('jobs/1', 'worker-a', { leaseMs: 0 })).rejects.toThrow(
      new RangeError(
        'acquire "jobs/1" in unchecked://locks: leaseMs must be a number of milliseconds, 1 or more, got 0',
      ),
    );
    await expect(locks.acquire('jobs/1', 'worker-a', { leaseMs: 1_000, timeoutMs: -1 })).rejects.toThrow(
      new RangeError(
        'acquire "jobs/1" in unchecked://locks: timeoutMs must be a number of milliseconds, 0 or more, got -1',
      ),
    );
    await expect(locks.waitForRelease('jobs/1', Number.POSITIVE_INFINITY)).rejects.toThrow(
      new RangeError(
        'waitForRelease "jobs/1" in unchecked://locks: ' +
          'timeoutMs must be a number of milliseconds, 0 or more, got Infinity',
      ),
    );
    expect(() => checkLockDuration('leaseMs', 0)).toThrow(
      new RangeError('leaseMs must be a number of milliseconds, 1 or more, got 0'),
    );
    expect(manager.calls).toEqual([]);
  });

  it('refuses a missing holder and a made-up lease with a TypeError naming the call', async () => {
    const locks = guardLockManager(manager);
    await expect(locks.acquire('jobs/1', '', { leaseMs: 1_000 })).rejects.toThrow(
      new TypeError(
        'acquire "jobs/1" in unchecked://locks: holder must be a non-empty string naming who takes the lock, got ""',
      ),
    );
    await expect(locks.release(undefined as unknown as Lease)).rejects.toThrow(
      new TypeError(
        'release in unchecked://locks: lease must be the Lease that acquire or renew returned, got undefined',
      ),
    );
    expect(manager.calls).toEqual([]);
  });

  it('passes good arguments on untouched, and the manager answers', async () => {
    const locks = guardLockManager(manager);
    const lease = await locks.acquire('jobs/1', 'worker-a', { leaseMs: 60_000 });
    expect(lease).toMatchObject({ key: 'jobs/1', holder: 'worker-a' });
    expect(await locks.isLocked('jobs/1')).toBe(true);
    await locks.release(lease!);
    expect(manager.calls).toEqual(['acquire jobs/1', 'release jobs/1']);
    expect(locks.location).toBe('unchecked://locks');
  });

  it('is applied once: a guarded lock manager is its own guard, and a manager always gets the same one', () => {
    const guarded = guardLockManager(manager);
    expect(guarded).not.toBe(manager);
    expect(guardLockManager(guarded)).toBe(guarded);
    expect(guardLockManager(manager)).toBe(guarded);
    const memory = new MemoryLockManager();
    expect(guardLockManager(memory)).toBe(memory);
  });
});

describe('lock managers entering core are guarded', () => {
  let manager: UncheckedLocks;
  beforeEach(() => {
    manager = new UncheckedLocks();
  });

  it("the engine's lock manager", async () => {
    const locks = new Engine({ lockManager: manager }).lockManager!;
    await expect(locks.isLocked('/abs')).rejects.toThrow(
      'invalid storage key "/abs" for isLocked in unchecked://locks: a key must be relative: it must not start with /',
    );
    expect(locks).toBe(guardLockManager(manager));
    expect(manager.calls).toEqual([]);
  });

  it("a task's lockManager, the one its SERIALIZABLE calls lock with", async () => {
    class Imports {
      @Task({
        isolationLevel: 'SERIALIZABLE',
        lockManager: manager,
        cacheKeyFn: (_context, [day]) => `imports/${String(day)}`,
      })
      async load(day: string): Promise<number> {
        return day.length;
      }
    }
    const locks = findDefinition(Imports.prototype, 'load')!.lockManager!;
    await expect(locks.acquire('imports/mon', 'worker-a', { leaseMs: -5 })).rejects.toThrow(
      'acquire "imports/mon" in unchecked://locks: leaseMs must be a number of milliseconds, 1 or more, got -5',
    );
    expect(locks).toBe(guardLockManager(manager));
    expect(await new Engine().attach(new Imports()).load('mon')).toBe(3);
    expect(manager.calls).toEqual(['acquire imports/mon', 'release imports/mon']);
  });
});
