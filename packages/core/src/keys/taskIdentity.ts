import type { TaskInfo } from '../definitions/TaskInfo';
import { stableHash } from './stableHash';

interface Identity {
  readonly hex: string;
  readonly bytes: Buffer;
}

const identities = new WeakMap<TaskInfo, Map<string, Identity>>();

/**
 * Digest of a key format and of what makes a task itself: its class, its method and the method's source text
 * (or its `version` option instead, when given). Two tasks with the same source in different classes get
 * different keys; editing the method's body invalidates its results unless a version pins them. Computed once
 * per task and format, and fed to every key as 32 raw bytes.
 */
export function taskIdentity(task: TaskInfo, format: string): Buffer {
  return identityOf(task, format).bytes;
}

/** `taskIdentity` as hex text: a policy part written as a string, which policy keys copy instead of encoding. */
export function taskIdentityText(task: TaskInfo, format: string): string {
  return identityOf(task, format).hex;
}

function identityOf(task: TaskInfo, format: string): Identity {
  let byFormat = identities.get(task);
  if (byFormat === undefined) {
    byFormat = new Map();
    identities.set(task, byFormat);
  }
  let identity = byFormat.get(format);
  if (identity === undefined) {
    const code = task.version === undefined ? { source: task.source } : { version: task.version };
    const hex = stableHash([format, task.className, task.methodName, code], 'task');
    identity = { hex, bytes: Buffer.from(hex, 'hex') };
    byFormat.set(format, identity);
  }
  return identity;
}
