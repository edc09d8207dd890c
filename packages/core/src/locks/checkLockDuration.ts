import { checkNumberArgument, LEASE_DURATION, WAIT_DURATION } from '../storage/checkArgument';

/**
 * Checks a lease or wait duration given to a lock manager: a lease lasts at least 1 ms, a wait may be 0 (try
 * once). Throws a `RangeError` naming the option, in the wording core uses when it checks a lock manager's
 * arguments (see `guardLockManager`).
 */
export function checkLockDuration(name: 'leaseMs' | 'timeoutMs', value: number): void {
  checkNumberArgument(name, value, name === 'leaseMs' ? LEASE_DURATION : WAIT_DURATION);
}
