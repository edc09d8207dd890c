import { FlowcacheError } from './FlowcacheError';

/** A storage key that could escape or confuse a store: the message names the key and the rule it breaks. */
export class StorageKeyError extends FlowcacheError {
  constructor(
    readonly key: string,
    readonly rule: string,
  ) {
    super(`invalid storage key ${JSON.stringify(key.length > 200 ? `${key.slice(0, 200)}…` : key)}: ${rule}`);
  }
}
