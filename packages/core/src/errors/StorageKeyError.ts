import { FlowcacheError } from './FlowcacheError';

/**
 * A storage key that could escape or confuse a store: the message names the key, the rule it breaks and, when a
 * storage or lock manager refused it, the operation and the location
 * (`invalid storage key "a/../b" for get in file:///var/cache: a key must not contain . or .. segments`).
 */
export class StorageKeyError extends FlowcacheError {
  constructor(
    readonly key: string,
    readonly rule: string,
    /** The operation and location that refused the key (`get in memory://default`), when known. */
    readonly refusedBy?: string,
  ) {
    const shown = JSON.stringify(key.length > 200 ? `${key.slice(0, 200)}…` : key);
    super(`invalid storage key ${shown}${refusedBy === undefined ? '' : ` for ${refusedBy}`}: ${rule}`);
  }
}
