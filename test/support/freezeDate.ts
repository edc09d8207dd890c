/**
 * Freezes what `Date` says at `now`, and fakes nothing else: timers, microtasks, `performance` and `hrtime` stay
 * real, so the code under test runs as usual while every flow run it starts starts in the same millisecond.
 * Undo with `jest.useRealTimers()`.
 */
export function freezeDate(now: number): void {
  jest.useFakeTimers({
    now,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}
