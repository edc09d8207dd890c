import type { TaskCall } from './TaskCall';

/**
 * Warns once per pair of tasks when a call is served a result another task stored under the same key. Keys are
 * shared by the whole storage, as in Prefect, so sharing may be meant; but two tasks whose `cacheKeyFn` can give
 * equal keys for different work would silently return each other's results. One string comparison on a hit: the
 * owner's name is the task's own string object when the task itself stored the result.
 */
export function warnSharedResult(call: TaskCall, key: string, owner: string): void {
  const reader = call.task.name;
  if (owner === reader) return;
  const writer = quoteTaskName(owner);
  call.engine.warnOnce(
    `shared-result:${reader}:${writer}`,
    `${reader} is served the result that task ${writer} stored under the same cache key ${JSON.stringify(key)}: ` +
      'cache keys are shared by every task of a storage. If these tasks compute different things, make their keys ' +
      `differ, e.g. cacheKeyFn: taskInputHash (it includes the task), or a prefix naming the task ("${reader}/…").`,
  );
}

// The owner's name comes from a stored record, which anyone who can write to the storage can plant: quoted,
// shortened, and with the characters that reorder or hide terminal text spelled out.
const HIDDEN = /[\u0080-\u009f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff]/g;
const MAX_SHOWN = 200;

function quoteTaskName(name: string): string {
  const short = name.length > MAX_SHOWN ? `${name.slice(0, MAX_SHOWN)}…` : name;
  return JSON.stringify(short).replace(HIDDEN, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
