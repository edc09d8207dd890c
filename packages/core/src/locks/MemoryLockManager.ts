import { GuardedLockManager } from './guardedLockManager';
import { MemoryLeases } from './MemoryLeases';

/**
 * Leases in this process's memory: for calls of one process (threads of work in one event loop). It checks its
 * arguments like every lock manager core works with (it is its own `guardLockManager`), so calling it directly
 * refuses a bad key or duration too.
 */
export class MemoryLockManager extends GuardedLockManager {
  private readonly leases: MemoryLeases;

  constructor(clock: () => number = Date.now) {
    const leases = new MemoryLeases(clock);
    super(leases);
    this.leases = leases;
  }

  /** @internal How many keys have a lease or a waiter now (for tests: none once every lease is released). */
  get trackedKeys(): number {
    return this.leases.trackedKeys;
  }
}
