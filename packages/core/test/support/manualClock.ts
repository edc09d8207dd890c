/** A clock that only moves when the test sets `now` or calls `advance`; give engines and inspectors `read`. */
export interface ManualClock {
  now: number;
  advance(ms: number): void;
  read: () => number;
}

/** A {@link ManualClock} that starts at `start` (by default noon UTC, 26 November 2026). */
export function manualClock(start: number = Date.UTC(2026, 10, 26, 12)): ManualClock {
  const clock: ManualClock = {
    now: start,
    advance(ms) {
      clock.now += ms;
    },
    read: () => clock.now,
  };
  return clock;
}
