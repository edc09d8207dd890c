import type { CacheKeyFn } from '../decorators/options';
import { encodeArguments } from './encodeArguments';
import { TASK_INPUT_HASH_FORMAT } from './keyFormat';
import { taskIdentity } from './taskIdentity';
import { acquireWriter, releaseWriter } from './writerPool';

/**
 * Cache key from the task's identity (class, method, source or `version`) and all its arguments: the same call
 * gives the same key in every flow run, process and machine, so results are reused across runs. Throws
 * `UnhashableInputError` for an argument with no stable value (the call then runs uncached, with a warning).
 */
export const taskInputHash: CacheKeyFn = (context, args) => {
  // This runs on every cache hit: one pooled writer, no closure.
  const writer = acquireWriter();
  try {
    writer.bytes(taskIdentity(context.task, TASK_INPUT_HASH_FORMAT));
    encodeArguments(writer, args);
    return writer.keyDigest();
  } finally {
    releaseWriter(writer);
  }
};
