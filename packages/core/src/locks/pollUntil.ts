import { setTimeout as sleep } from 'node:timers/promises';

/**
 * What one look saw: `ready` with the value to return, or not yet. `until` (epoch milliseconds on the poll's
 * clock) is when what blocks is known to end, e.g. the expiry of the lease in the way: the next look comes no
 * later than then.
 */
export type PollLook<T> =
  | { readonly ready: true; readonly value: T }
  | { readonly ready: false; readonly until?: number };

export interface PollOptions {
  /** How long to keep looking, in milliseconds; 0 looks once. The deadline is set before the first look. */
  readonly timeoutMs: number;
  /** The longest pause between two looks, in milliseconds. */
  readonly intervalMs: number;
  /** Epoch milliseconds now; `Date.now` unless given (a lock manager with an injected clock passes it). */
  readonly clock?: () => number;
  /** Waits `ms` milliseconds, or less when something may have changed sooner (a release that wakes waiters). */
  readonly pause?: (ms: number) => Promise<void>;
}

/**
 * Looks until a look is ready and returns its value, or `undefined` once `timeoutMs` has passed without one.
 * It always looks at least once; between looks it pauses `intervalMs`, less when the deadline or the look's
 * `until` is sooner (at least 1 ms for `until`, so an expiry that just passed is looked at again promptly). An
 * error thrown by a look ends the poll with that error. The waiting loop of every lock manager's `acquire` and
 * `waitForRelease`.
 */
export async function pollUntil<T>(
  look: () => Promise<PollLook<T>>,
  { timeoutMs, intervalMs, clock = Date.now, pause = (ms) => sleep(ms) }: PollOptions,
): Promise<T | undefined> {
  const deadline = clock() + timeoutMs;
  for (;;) {
    const seen = await look();
    if (seen.ready) return seen.value;
    const remaining = deadline - clock();
    if (remaining <= 0) return undefined;
    const untilChange = seen.until === undefined ? Infinity : Math.max(1, seen.until - clock());
    await pause(Math.min(remaining, intervalMs, untilChange));
  }
}
