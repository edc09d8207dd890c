import type { TaskInfo } from '../definitions/TaskInfo';
import { stableHash } from './stableHash';

const identities = new WeakMap<TaskInfo, Map<string, Buffer>>();

/**
 * Digest of a key format and of what makes a task itself: its class, its method and the method's source text
 * (or its `version` option instead, when given). Two tasks with the same source in different classes get
 * different keys; editing the method's body invalidates its results unless a version pins them. Computed once
 * per task and format, and fed to every key as 32 raw bytes.
 */
export function taskIdentity(task: TaskInfo, format: string): Buffer {
  let byFormat = identities.get(task);
  if (byFormat === undefined) {
    byFormat = new Map();
    identities.set(task, byFormat);
  }
  let identity = byFormat.get(format);
  if (identity === undefined) {
    const code = task.version === undefined ? { source: task.source } : { version: task.version };
    identity = Buffer.from(stableHash([format, task.className, task.methodName, code], 'task'), 'hex');
    byFormat.set(format, identity);
  }
  return identity;
}
