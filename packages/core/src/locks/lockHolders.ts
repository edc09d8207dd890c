import type { EndWait, WaitingNode } from '../transactions/waitsBetweenTransactions';
import type { HeldLease, LockContention } from './holdLease';
import type { LockManager } from './LockManager';

/** What this process knows of one lock: the tree holding it, and its attempts (the last one ends the turn). */
interface LockState {
  holder: WaitingNode | undefined;
  turn: Promise<unknown>;
  attempts: number;
}

// By lock manager and key. A lock manager only knows a holder's id; this tells a waiter which of this process's
// trees it waits for, so a wait that would never end is seen. An entry lives while its lock is held or tried.
const locks = new WeakMap<LockManager, Map<string, LockState>>();

/**
 * @internal The contention of `tree` for the lock on `key`. `beginWait(holder)` records a wait of the caller for
 * the holder (see `waitsBetweenTransactions`); a lock held by another process, another lock manager instance or
 * the caller's own tree is waited for as the lock manager says.
 */
export function contendFor(
  manager: LockManager,
  key: string,
  tree: WaitingNode,
  beginWait: (holder: WaitingNode) => EndWait | undefined,
): LockContention {
  return {
    async attempt(acquire) {
      const state = stateOf(manager, key);
      const attempt = state.turn.then(acquire).then((lease) => {
        if (lease !== undefined) state.holder = tree;
        return lease;
      });
      state.turn = attempt.catch(() => undefined);
      state.attempts++;
      try {
        return await attempt;
      } finally {
        state.attempts--;
        forgetIfIdle(manager, key, state);
      }
    },
    beginWait() {
      const holder = locks.get(manager)?.get(key)?.holder;
      return holder === undefined || holder === tree ? () => undefined : beginWait(holder);
    },
  };
}

/** @internal `lease`, which no longer names `tree` as the lock's holder once released. */
export function releasingHolder(manager: LockManager, key: string, tree: WaitingNode, lease: HeldLease): HeldLease {
  return {
    async release() {
      const state = locks.get(manager)?.get(key);
      if (state?.holder === tree) state.holder = undefined;
      if (state !== undefined) forgetIfIdle(manager, key, state);
      await lease.release();
    },
  };
}

/** @internal How many keys of a lock manager this process tracks now (for tests: none once the calls have ended). */
export function trackedLockKeys(manager: LockManager): number {
  return locks.get(manager)?.size ?? 0;
}

function stateOf(manager: LockManager, key: string): LockState {
  let byKey = locks.get(manager);
  if (byKey === undefined) {
    byKey = new Map();
    locks.set(manager, byKey);
  }
  let state = byKey.get(key);
  if (state === undefined) {
    state = { holder: undefined, turn: Promise.resolve(), attempts: 0 };
    byKey.set(key, state);
  }
  return state;
}

// Keeps the map as small as the locks held or tried now: an entry with no holder and no attempt running goes.
function forgetIfIdle(manager: LockManager, key: string, state: LockState): void {
  const byKey = locks.get(manager);
  if (state.holder === undefined && state.attempts === 0 && byKey?.get(key) === state) byKey.delete(key);
}
