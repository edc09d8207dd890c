import type { TaskRunContext } from '../context/runs';

/**
 * Computes a call's cache key. Calls with equal keys share one cached result; returning `null` or `undefined`
 * means "do not cache this call". Use `taskInputHash` for "same task, same source, same arguments".
 */
export type CacheKeyFn = (context: TaskRunContext, args: readonly unknown[]) => string | null | undefined;

/** Options shared by `@Task` and `@Flow`. */
export interface RunOptions {
  /** Name shown in events and warnings. Defaults to `Class.method`. */
  name?: string;
  /** How many times a failed call is run again before its error is thrown. Default 0. */
  retries?: number;
  /** Milliseconds to wait between a failure and the next attempt. Default 0. */
  retryDelayMs?: number;
}

/** Options of `@Task`. */
export interface TaskOptions extends RunOptions {
  /**
   * Computes the cache key of a call (see `CacheKeyFn`). Without it a task uses the default key: its inputs,
   * its source and the flow run id, so results are reused only within one flow run (for example by a retry of
   * the flow). Pass `taskInputHash` to reuse results across flow runs.
   */
  cacheKeyFn?: CacheKeyFn;
}

/** Options of `@Flow`. Flows are not cached themselves; they group the task runs they make. */
export type FlowOptions = RunOptions;

export const RUN_OPTION_NAMES = ['name', 'retries', 'retryDelayMs'] as const;
export const TASK_OPTION_NAMES = [...RUN_OPTION_NAMES, 'cacheKeyFn'] as const;
