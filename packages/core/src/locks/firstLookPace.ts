import type { LockManager } from './LockManager';

// A waiter without notices first looks after about this long, until its process has learnt better.
const DEFAULT_MS = 50;
const MIN_MS = 10;
const MAX_MS = 2_000;
// A first look that finds the result makes the next first pause 5 % shorter; one that does not, 30 % longer. So
// about 5 first looks in 6 find the result (0.95^5 × 1.3 ≈ 1): waiters rarely look twice, and rarely wait long.
const SHORTER = 0.95;
const LONGER = 1.3;

// By lock manager: holders of one manager's locks let go after similar times (same tasks, same store).
const paces = new WeakMap<LockManager, number>();

/**
 * @internal How long a waiter for `locks`, which tells of no releases, pauses before its first look at the
 * result, in milliseconds: learnt from this process's earlier first looks (`learnFirstLook`).
 */
export function firstLookPause(locks: LockManager): number {
  return paces.get(locks) ?? DEFAULT_MS;
}

/** @internal Records whether a first look after `firstLookPause` found the result. */
export function learnFirstLook(locks: LockManager, found: boolean): void {
  const pace = firstLookPause(locks) * (found ? SHORTER : LONGER);
  paces.set(locks, Math.min(MAX_MS, Math.max(MIN_MS, pace)));
}
