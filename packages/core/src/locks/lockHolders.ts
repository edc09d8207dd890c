import type { WaitingNode } from '../transactions/waitsBetweenTransactions';
import type { HeldLease } from './holdLease';
import type { LockManager } from './LockManager';

// The transaction trees of this process that hold a lock now, by lock manager and key. A lock manager only knows
// a holder's id; this tells a waiter which of this process's trees it waits for, to see a wait that never ends.
const holders = new WeakMap<LockManager, Map<string, WaitingNode>>();

/** @internal The transaction tree of this process holding the lock on `key`; `undefined` if none does. */
export function lockHolder(locks: LockManager, key: string): WaitingNode | undefined {
  return holders.get(locks)?.get(key);
}

/** @internal Records `tree` as the holder of `lease` until it is released (through the lease returned). */
export function holdingLock(locks: LockManager, key: string, tree: WaitingNode, lease: HeldLease): HeldLease {
  let held = holders.get(locks);
  if (held === undefined) {
    held = new Map();
    holders.set(locks, held);
  }
  held.set(key, tree);
  const byKey = held;
  return {
    async release() {
      if (byKey.get(key) === tree) byKey.delete(key);
      await lease.release();
    },
  };
}
