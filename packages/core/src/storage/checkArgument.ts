import { StorageKeyError } from '../errors/StorageKeyError';
import { checkStorageKey } from './checkStorageKey';

/** A number an operation takes, and what it must be: checked by `checkNumberArgument`. */
export interface NumberArgument {
  /** What the error says the value must be: `a whole number of bytes, 0 or more`. */
  readonly requirement: string;
  accepts(value: number): boolean;
}

/** `getRange`'s `length`. */
export const BYTE_COUNT: NumberArgument = {
  requirement: 'a whole number of bytes, 0 or more',
  accepts: (value) => Number.isSafeInteger(value) && value >= 0,
};
/** `get`'s `maxBytes`: `Infinity` means no limit. */
export const BYTE_LIMIT: NumberArgument = {
  requirement: 'a number of bytes, 0 or more',
  accepts: (value) => value >= 0,
};
/** `list`'s `limit`. */
export const PAGE_SIZE: NumberArgument = {
  requirement: 'a whole number of objects per page, 1 or more',
  accepts: (value) => Number.isSafeInteger(value) && value >= 1,
};
/** A lease lasts at least 1 ms. */
export const LEASE_DURATION: NumberArgument = {
  requirement: 'a number of milliseconds, 1 or more',
  accepts: (value) => Number.isFinite(value) && value >= 1,
};
/** A wait may be 0: try once. */
export const WAIT_DURATION: NumberArgument = {
  requirement: 'a number of milliseconds, 0 or more',
  accepts: (value) => Number.isFinite(value) && value >= 0,
};

/**
 * What refused an argument, for the one wording of every argument error: `get "a/b" in memory://default`. Built
 * only when an argument is refused, so a call that passes its checks allocates nothing.
 */
export function describeCall(operation: string, location: string, key?: string): string {
  return key === undefined ? `${operation} in ${location}` : `${operation} ${JSON.stringify(key)} in ${location}`;
}

/** Where an operation runs: a storage or lock manager (read only when an argument is refused). */
export interface Located {
  readonly location: string;
}

/**
 * Throws `RangeError` unless `value` is a number the argument accepts:
 * `getRange "a/b" in memory://default: length must be a whole number of bytes, 0 or more, got -1`. Without
 * `operation`, the message starts at the argument's name.
 */
export function checkNumberArgument(
  name: string,
  value: unknown,
  argument: NumberArgument,
  operation?: string,
  where?: Located,
  key?: string,
): void {
  if (typeof value === 'number' && argument.accepts(value)) return;
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  const known = operation !== undefined && where !== undefined;
  const call = known ? `${describeCall(operation, where.location, key)}: ` : '';
  throw new RangeError(`${call}${name} must be ${argument.requirement}, got ${shown}`);
}

/** Throws `TypeError` in the one wording of argument errors: `put "a/b" in memory://default: bytes must be …`. */
export function refuseArgument(
  name: string,
  requirement: string,
  value: unknown,
  operation: string,
  where: Located,
  key?: string,
): never {
  const shown = value === null ? 'null' : typeof value === 'string' ? JSON.stringify(value) : typeof value;
  throw new TypeError(`${describeCall(operation, where.location, key)}: ${name} must be ${requirement}, got ${shown}`);
}

/**
 * `checkStorageKey`, with the operation and location that refused the key named in the `StorageKeyError`
 * (`invalid storage key "a/../b" for get in memory://default: …`).
 */
export function checkKeyArgument(key: string, operation: string, where: Located, allowPrefix = false): void {
  try {
    checkStorageKey(key, allowPrefix ? AS_PREFIX : undefined);
  } catch (error) {
    if (!(error instanceof StorageKeyError)) throw error;
    throw new StorageKeyError(error.key, error.rule, describeCall(operation, where.location));
  }
}

const AS_PREFIX = { allowPrefix: true };
