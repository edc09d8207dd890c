import type { TaskInfo } from '../definitions/TaskInfo';
import { stableHash } from './stableHash';

const identities = new WeakMap<TaskInfo, Map<string, Buffer>>();

/**
 * Digest of a key format and of what makes a task itself: its class, its method and the method's source text.
 * Two tasks with the same source in different classes get different keys; editing the method's body
 * invalidates its results. Computed once per task and format, and fed to every key as 32 raw bytes.
 */
export function taskIdentity(task: TaskInfo, format: string): Buffer {
  let byFormat = identities.get(task);
  if (byFormat === undefined) {
    byFormat = new Map();
    identities.set(task, byFormat);
  }
  let identity = byFormat.get(format);
  if (identity === undefined) {
    identity = Buffer.from(stableHash([format, task.className, task.methodName, task.source], 'task'), 'hex');
    byFormat.set(format, identity);
  }
  return identity;
}
