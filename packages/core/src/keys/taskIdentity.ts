import type { TaskInfo } from '../definitions/TaskInfo';
import { stableHash } from './stableHash';

const identities = new WeakMap<TaskInfo, string>();

/**
 * Digest of what makes a task itself: its class, its method and the method's source text. Two tasks with the
 * same source in different classes get different keys; editing the method's body invalidates its results.
 */
export function taskIdentity(task: TaskInfo): string {
  let identity = identities.get(task);
  if (identity === undefined) {
    identity = stableHash([task.className, task.methodName, task.source], 'task');
    identities.set(task, identity);
  }
  return identity;
}
