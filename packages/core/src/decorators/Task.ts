import { runTask } from '../engine/runTask';
import { decorateMethod, missingParentheses, type AsyncMethodDecorator } from './decorateMethod';
import { TASK_OPTION_NAMES, type TaskOptions } from './options';

/**
 * Marks an async method as a task: a call whose cache key has a result returns it without running the body.
 * Without `cacheKeyFn` results are reused only within one flow run; pass `cacheKeyFn: taskInputHash` to reuse
 * them across runs. A cache hit skips the body's side effects too.
 *
 * @example
 * ```ts
 * class Reports {
 *   @Task({ cacheKeyFn: taskInputHash })
 *   async loadSales(day: string): Promise<number[]> { return fetchSales(day); }
 * }
 * ```
 */
export function Task(options: TaskOptions = {}): AsyncMethodDecorator {
  // biome-ignore lint/complexity/noArguments: detects a bare @Task; a rest parameter would show in its type
  if (arguments.length > 1) throw missingParentheses('@Task');
  return decorateMethod('task', options, TASK_OPTION_NAMES, runTask);
}
