import { FlowcacheError } from './FlowcacheError';

/**
 * Thrown, when keys are strict (`strictKeys`), by a call whose key function failed or returned something that
 * is not a key. Without strict keys the call runs uncached with a warning instead. `cause` holds the original
 * error.
 */
export class CacheKeyError extends FlowcacheError {}
