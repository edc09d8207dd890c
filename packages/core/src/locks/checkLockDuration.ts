/**
 * Checks a lease or wait duration given to a lock manager: a lease lasts at least 1 ms, a wait may be 0 (try
 * once). Throws a `RangeError` naming the option. Shared by every lock manager so they refuse the same values.
 */
export function checkLockDuration(name: 'leaseMs' | 'timeoutMs', value: number): void {
  const least = name === 'leaseMs' ? 1 : 0;
  if (!Number.isFinite(value) || value < least) {
    throw new RangeError(`${name} must be a number of milliseconds, ${least} or more, got ${value}`);
  }
}
