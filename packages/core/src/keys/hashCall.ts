import type { TaskInfo } from '../definitions/TaskInfo';
import { encodeArguments } from './encodeArguments';
import { taskIdentity } from './taskIdentity';
import { acquireWriter, releaseWriter } from './writerPool';

/**
 * The digest of one call: the task's identity under a key format, an optional scope (a run id) and the
 * arguments. This runs on every cache hit, so it uses one pooled writer and allocates no closure.
 */
export function hashCall(format: string, task: TaskInfo, scope: string | undefined, args: readonly unknown[]): string {
  const writer = acquireWriter();
  try {
    writer.bytes(taskIdentity(task, format));
    if (scope !== undefined) writer.string(scope);
    encodeArguments(writer, args);
    return writer.digest();
  } finally {
    releaseWriter(writer);
  }
}
