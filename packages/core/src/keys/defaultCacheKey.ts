import type { CacheKeyFn } from '../decorators/options';
import { hashCall } from './hashCall';

/**
 * The key of a task without `cacheKeyFn`: its inputs, its identity and source, and the id of the flow run it is
 * called in (or its own task run id outside a flow). Results are therefore reused only within one flow run,
 * for example when a retried flow calls the task again; a new flow run recomputes.
 */
export const defaultCacheKey: CacheKeyFn = (context, args) =>
  hashCall('flowcache/default/v1', context.task, context.flowRun?.id ?? context.taskRun.id, args);
