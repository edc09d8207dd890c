import 'reflect-metadata';
import {
  Engine,
  MemoryStorage,
  Task,
  taskInputHash,
  type LockManager,
  type ResultStorage,
  type TaskRunEvent,
} from '@flowcache/core';
import type { ReleaseWatch } from '@flowcache/core/adapters';

/** How the waits of a lock manager's watches ended: `true` woken by a release, `false` at their timeout. */
export interface RecordedWatches {
  readonly wakes: boolean[];
  /** Resolves when a watch first waits: the waiter tried, watched, tried again, and now waits for a notice. */
  readonly waiting: Promise<void>;
}

/** Records how the waits of `locks`'s watches end; call it before an engine gets `locks`. */
export function recordWatches(locks: LockManager): RecordedWatches {
  const watchReleases = locks.watchReleases?.bind(locks);
  if (watchReleases === undefined) throw new Error(`${locks.location} tells of no releases (no watchReleases)`);
  const wakes: boolean[] = [];
  let startedWaiting: () => void = () => undefined;
  const waiting = new Promise<void>((resolve) => {
    startedWaiting = resolve;
  });
  locks.watchReleases = async (key: string): Promise<ReleaseWatch> => {
    const watch = await watchReleases(key);
    return {
      async next(timeoutMs) {
        startedWaiting();
        const released = await watch.next(timeoutMs);
        wakes.push(released);
        return released;
      },
      close: () => watch.close(),
    };
  };
  return { wakes, waiting };
}

/**
 * `locks` as held by a process that stopped (killed, frozen): it takes locks, but never renews or releases them,
 * so each lease ends at its first expiry, without a release.
 */
export function crashingHolder(locks: LockManager): LockManager {
  return {
    location: locks.location,
    acquire: (key, holder, options) => locks.acquire(key, holder, options),
    renew: async (lease) => lease,
    release: async () => undefined,
    isLocked: (key) => locks.isLocked(key),
    waitForRelease: (key, timeoutMs) => locks.waitForRelease(key, timeoutMs),
  };
}

/**
 * Two engines sharing one result storage, standing for two processes, each with its own lock manager on the same
 * locks: the first run of the task's body (the holder's) lasts until `finishHolder()`, so that the waiter waits
 * as long as the test wants. `holderLeaseMs` sets the holder's lease (the engine's `lockLeaseMs`); `onWaiterRead`
 * is told of each read of the waiter from the result storage.
 */
export function holderAndWaiter(
  holderLocks: LockManager,
  waiterLocks: LockManager,
  { holderLeaseMs, onWaiterRead }: { holderLeaseMs?: number; onWaiterRead?: () => void } = {},
) {
  let finish: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => {
    finish = resolve;
  });
  let entered: () => void = () => undefined;
  const holding = new Promise<void>((resolve) => {
    entered = resolve;
  });
  let runs = 0;
  class Model {
    @Task({ cacheKeyFn: taskInputHash, isolationLevel: 'SERIALIZABLE' })
    async train(dataset: string): Promise<string> {
      const run = ++runs;
      if (run === 1) {
        entered();
        await finished;
      }
      return `model of ${dataset} #${run}`;
    }
  }
  const storage = new MemoryStorage();
  const events: TaskRunEvent[] = [];
  const worker = (lockManager: LockManager, lockLeaseMs?: number, onRead?: () => void) => {
    const settings = lockLeaseMs === undefined ? {} : { lockLeaseMs };
    const engine = new Engine({
      storage: onRead === undefined ? storage : readsTold(storage, onRead),
      lockManager,
      settings,
    });
    engine.onTaskRun((event) => events.push(event));
    return engine.attach(new Model());
  };
  return {
    holder: worker(holderLocks, holderLeaseMs),
    waiter: worker(waiterLocks, undefined, onWaiterRead),
    /** Resolves once the holder's body runs, holding the lock. */
    holding,
    finishHolder: () => finish(),
    runs: () => runs,
    events,
  };
}

/** Counts the calls of `locks`'s acquire, isLocked and waitForRelease, by name; call it before an engine gets it. */
export function countLooks(locks: LockManager): string[] {
  const calls: string[] = [];
  const acquire = locks.acquire.bind(locks);
  const isLocked = locks.isLocked.bind(locks);
  const waitForRelease = locks.waitForRelease.bind(locks);
  locks.acquire = (key, holder, options) => {
    calls.push('acquire');
    return acquire(key, holder, options);
  };
  locks.isLocked = (key) => {
    calls.push('isLocked');
    return isLocked(key);
  };
  locks.waitForRelease = (key, timeoutMs) => {
    calls.push('waitForRelease');
    return waitForRelease(key, timeoutMs);
  };
  return calls;
}

/** `storage`, telling `onRead` of each `get`. */
function readsTold(storage: ResultStorage, onRead: () => void): ResultStorage {
  const told = Object.create(storage) as ResultStorage;
  told.get = (key, options) => {
    onRead();
    return storage.get(key, options);
  };
  return told;
}
