import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { LockLostError } from '../errors/LockLostError';
import type { AcquireOptions, Lease, LockManager, ReleaseWatch } from './LockManager';
import { pollUntil, type PollLook, type PollOptions } from './pollUntil';
import { ReleaseNoticeLatch } from './ReleaseNoticeLatch';

// How often a waiter looks again; a release wakes waiters at once, so this only bounds the wait for an expiry.
const POLL_MS = 10;

/** The lock manager inside `MemoryLockManager`: leases in a `Map`, arguments already checked. */
export class MemoryLeases implements LockManager {
  readonly location: string = 'memory://';
  private readonly leases = new Map<string, Lease>();
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(private readonly clock: () => number = Date.now) {}

  async acquire(key: string, holder: string, { leaseMs, timeoutMs = 0 }: AcquireOptions): Promise<Lease | undefined> {
    return pollUntil(
      async (): Promise<PollLook<Lease>> => {
        const current = this.current(key);
        if (current !== undefined && current.holder !== holder) return { ready: false, until: current.expiresAt };
        const lease: Lease = { key, holder, token: current?.token ?? randomUUID(), expiresAt: this.clock() + leaseMs };
        this.leases.set(key, lease);
        return { ready: true, value: lease };
      },
      this.pollOptions(key, timeoutMs),
    );
  }

  async renew(lease: Lease, leaseMs: number): Promise<Lease> {
    if (this.current(lease.key)?.token !== lease.token) throw new LockLostError(lease.key, lease.holder);
    const renewed: Lease = { ...lease, expiresAt: this.clock() + leaseMs };
    this.leases.set(lease.key, renewed);
    return renewed;
  }

  async release(lease: Lease): Promise<void> {
    if (this.current(lease.key)?.token !== lease.token) throw new LockLostError(lease.key, lease.holder);
    this.leases.delete(lease.key);
    for (const wake of this.waiters.get(lease.key) ?? []) wake();
  }

  async isLocked(key: string): Promise<boolean> {
    return this.current(key) !== undefined;
  }

  async waitForRelease(key: string, timeoutMs: number): Promise<boolean> {
    const released = await pollUntil(
      async (): Promise<PollLook<true>> => {
        const current = this.current(key);
        return current === undefined ? { ready: true, value: true } : { ready: false, until: current.expiresAt };
      },
      this.pollOptions(key, timeoutMs),
    );
    return released ?? false;
  }

  /** Every release of the key wakes the watch; so does the end of the lease in the way, which nobody announces. */
  async watchReleases(key: string): Promise<ReleaseWatch> {
    const latch = new ReleaseNoticeLatch();
    const watchers = this.waitersOf(key);
    watchers.add(latch.notice);
    return {
      next: async (timeoutMs) => {
        const lease = this.current(key);
        const ms = lease === undefined ? 0 : Math.min(timeoutMs, Math.max(1, lease.expiresAt - this.clock()));
        return (await latch.next(ms)) || this.current(key) === undefined;
      },
      close: () => {
        watchers.delete(latch.notice);
        if (watchers.size === 0 && this.waiters.get(key) === watchers) this.waiters.delete(key);
      },
    };
  }

  /** How many keys have a lease or a waiter now. */
  get trackedKeys(): number {
    return new Set([...this.leases.keys(), ...this.waiters.keys()]).size;
  }

  // Waits end early when the key is released; the clock is this manager's.
  private pollOptions(key: string, timeoutMs: number): PollOptions {
    return { timeoutMs, intervalMs: POLL_MS, clock: this.clock, pause: (ms) => this.nextChange(key, ms) };
  }

  // The unexpired lease on the key; an expired one is forgotten on sight.
  private current(key: string): Lease | undefined {
    const lease = this.leases.get(key);
    if (lease !== undefined && lease.expiresAt <= this.clock()) {
      this.leases.delete(key);
      return undefined;
    }
    return lease;
  }

  // Resolves when the key is released or after `ms`, whichever comes first.
  private async nextChange(key: string, ms: number): Promise<void> {
    const waiters = this.waitersOf(key);
    const controller = new AbortController();
    const wake = () => controller.abort();
    waiters.add(wake);
    try {
      await sleep(ms, undefined, { signal: controller.signal }).catch(() => undefined);
    } finally {
      waiters.delete(wake);
      if (waiters.size === 0) this.waiters.delete(key);
    }
  }

  private waitersOf(key: string): Set<() => void> {
    let waiters = this.waiters.get(key);
    if (waiters === undefined) {
      waiters = new Set();
      this.waiters.set(key, waiters);
    }
    return waiters;
  }
}
