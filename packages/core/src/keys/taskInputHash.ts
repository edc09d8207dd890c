import type { CacheKeyFn } from '../decorators/options';
import { hashCall } from './hashCall';

/**
 * Cache key from the task's identity (class, method, source) and all its arguments: the same call gives the
 * same key in every flow run, process and machine, so results are reused across runs. Throws
 * `UnhashableInputError` for an argument with no stable value (the call then runs uncached, with a warning).
 */
export const taskInputHash: CacheKeyFn = (context, args) =>
  hashCall('flowcache/task-input-hash/v1', context.task, undefined, args);
