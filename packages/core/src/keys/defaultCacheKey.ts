import type { CacheKeyFn } from '../decorators/options';
import { encodeArguments } from './encodeArguments';
import { taskIdentity } from './taskIdentity';
import { withWriter } from './writerPool';

const FORMAT = 'flowcache/default/v1';

/**
 * The key of a task without `cacheKeyFn`: its inputs, its identity and source, and the id of the flow run it is
 * called in (or its own task run id outside a flow). Results are therefore reused only within one flow run,
 * for example when a retried flow calls the task again; a new flow run recomputes.
 */
export const defaultCacheKey: CacheKeyFn = (context, args) =>
  withWriter((writer) => {
    writer.string(FORMAT);
    writer.bytes(taskIdentity(context.task));
    writer.string(context.flowRun?.id ?? context.taskRun.id);
    encodeArguments(writer, args);
    return writer.digest();
  });
