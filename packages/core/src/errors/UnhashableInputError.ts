import { FlowcacheError } from './FlowcacheError';

/**
 * Thrown when a value cannot be turned into a stable cache key. `path` says where the value sits
 * (`args[1].client.socket`), so the offending argument can be excluded or given a hasher.
 */
export class UnhashableInputError extends FlowcacheError {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(
      `cannot hash ${path}: ${reason}. Fix it by leaving this argument out of the key, ` +
        'by giving the task a cacheKeyFn that picks the fields that matter, ' +
        'or by giving the value a stable form (a plain object, array or primitive).',
    );
  }
}
