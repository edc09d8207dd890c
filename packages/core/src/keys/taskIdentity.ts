import type { TaskInfo } from '../definitions/TaskInfo';
import { stableHash } from './stableHash';

const identities = new WeakMap<TaskInfo, Buffer>();

/**
 * Digest of what makes a task itself: its class, its method and the method's source text. Two tasks with the
 * same source in different classes get different keys; editing the method's body invalidates its results.
 * Computed once per task and fed to every key as 32 raw bytes.
 */
export function taskIdentity(task: TaskInfo): Buffer {
  let identity = identities.get(task);
  if (identity === undefined) {
    identity = Buffer.from(stableHash([task.className, task.methodName, task.source], 'task'), 'hex');
    identities.set(task, identity);
  }
  return identity;
}
