import type { FlowRun, TaskRun, TaskRunContext } from '../context/runs';
import type { TaskInfo } from '../definitions/TaskInfo';
import type { TaskDefinition } from '../definitions/TaskDefinition';
import { defaultCacheKey } from '../keys/defaultCacheKey';
import type { Engine } from './Engine';

/**
 * The call's cache key, or `undefined` when the call must not be cached: the key function said so, or it could
 * not compute a key. A key that cannot be computed never fails the call; it runs uncached, with one warning per
 * task that says why.
 */
export function computeCacheKey(
  engine: Engine,
  task: TaskDefinition,
  taskRun: TaskRun,
  args: readonly unknown[],
): string | undefined {
  const keyFn = task.cacheKeyFn ?? defaultCacheKey;
  let key: unknown;
  try {
    key = keyFn(new CallContext(task, taskRun, taskRun.flowRun), args);
  } catch (error) {
    engine.warnOnce(
      `key:${task.name}`,
      `${task.name} runs uncached because its cache key could not be computed: ${describe(error)}`,
    );
    return undefined;
  }
  if (key === null || key === undefined) return undefined;
  if (typeof key !== 'string' || key === '') {
    engine.warnOnce(
      `key-type:${task.name}`,
      `${task.name} runs uncached because its cacheKeyFn returned ${JSON.stringify(key) ?? typeof key}; ` +
        'return a non-empty string, or null to skip caching on purpose.',
    );
    return undefined;
  }
  return key;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

// The time is read only if the key function asks for it: most do not, and a Date costs as much as a hit.
class CallContext implements TaskRunContext {
  private time: Date | undefined;

  constructor(
    readonly task: TaskInfo,
    readonly taskRun: TaskRun,
    readonly flowRun: FlowRun | undefined,
  ) {}

  get now(): Date {
    return (this.time ??= new Date());
  }
}
