import { performance } from 'node:perf_hooks';
import type { MemoryEntry } from '../cache/MemoryResultStore';
import { activeRuns, runInTaskRun, type CacheOverrides } from '../context/runContext';
import type { TaskRun } from '../context/runs';
import { TaskRunRecord } from '../context/TaskRunRecord';
import type { TaskDefinition } from '../definitions/TaskDefinition';
import type { CacheMiss, TaskRunState } from '../events/runEvents';
import { computeCacheKey } from './computeCacheKey';
import { describeMiss, type ExplainedMiss } from './describeMiss';
import type { Engine } from './Engine';
import { AttemptCounter, runAttempts } from './runAttempts';

/**
 * The path of one `@Task` call: key → memory lookup (unless refreshing; an expired result is a miss) → join an
 * identical call already running → body with retries → store the result with its expiry → event. Errors
 * propagate unchanged and are never cached. A hit returns a settled promise without entering an async function
 * (the cheapest way to be awaited).
 */
export function runTask(engine: Engine, task: TaskDefinition, instance: object, args: unknown[]): Promise<unknown> {
  const startedAt = engine.taskRunListeners.isEmpty ? undefined : performance.now(); // only events need it
  const active = activeRuns();
  const taskRun = new TaskRunRecord(task, active?.flowRun, active?.taskRun);
  let key: string | undefined;
  try {
    key = computeCacheKey(engine, task, taskRun, args);
  } catch (error) {
    report(engine, taskRun, undefined, 'Failed', startedAt, 0, undefined, error);
    return Promise.reject(error);
  }
  if (key === undefined) return runBody(engine, task, taskRun, undefined, active?.overrides, instance, args, startedAt);

  const found = lookUp(engine, task, key, active?.overrides);
  if (typeof found !== 'string') {
    report(engine, taskRun, key, 'Cached', startedAt, 0);
    return Promise.resolve(found.value);
  }
  const running = engine.inFlight.get(key);
  if (running !== undefined) return joinRunningCall(engine, taskRun, key, running, startedAt);
  const miss = engine.taskRunListeners.isEmpty ? undefined : describeMiss(engine, task, taskRun, args, found);
  return runBody(engine, task, taskRun, key, active?.overrides, instance, args, startedAt, miss);
}

/** The unexpired result stored under the key, or why there is none to use. */
function lookUp(
  engine: Engine,
  task: TaskDefinition,
  key: string,
  overrides: CacheOverrides | undefined,
): MemoryEntry | CacheMiss['reason'] {
  if (task.refreshCache ?? overrides?.refresh ?? engine.settings.refreshCache) return 'refresh';
  const entry = engine.results.get(key);
  if (entry === undefined) return 'absent';
  if (entry.expiresAt !== undefined && entry.expiresAt.getTime() <= engine.clock()) {
    engine.results.delete(key);
    return 'expired';
  }
  return entry;
}

async function runBody(
  engine: Engine,
  task: TaskDefinition,
  taskRun: TaskRun,
  key: string | undefined,
  overrides: CacheOverrides | undefined,
  instance: object,
  args: unknown[],
  startedAt: number | undefined,
  miss?: ExplainedMiss,
): Promise<unknown> {
  const attempts = new AttemptCounter();
  const execution = runAttempts(task, attempts, () =>
    runInTaskRun(taskRun, overrides, () => task.body.apply(instance, args)),
  );
  if (key !== undefined) engine.inFlight.set(key, execution);
  try {
    const value = await execution;
    if (key !== undefined) store(engine, task, key, value, miss);
    report(engine, taskRun, key, 'Completed', startedAt, attempts.count, miss?.miss);
    return value;
  } catch (error) {
    report(engine, taskRun, key, 'Failed', startedAt, attempts.count, miss?.miss, error);
    throw error;
  } finally {
    if (key !== undefined) engine.inFlight.delete(key);
  }
}

// The writer fixes the expiry: every reader of this key sees the same one.
function store(engine: Engine, task: TaskDefinition, key: string, value: unknown, miss: ExplainedMiss | undefined): void {
  const now = engine.clock();
  const expiresAt = task.expirationMs === undefined ? undefined : new Date(now + task.expirationMs);
  engine.results.set(key, { value, taskName: task.name, createdAt: new Date(now), expiresAt });
  if (miss?.components !== undefined) engine.latestComponents.set(task, miss.components);
}

// An identical call is running: share its outcome instead of running the body again (single-flight).
async function joinRunningCall(
  engine: Engine,
  taskRun: TaskRun,
  key: string,
  running: Promise<unknown>,
  startedAt: number | undefined,
): Promise<unknown> {
  try {
    const value = await running;
    report(engine, taskRun, key, 'Cached', startedAt, 0);
    return value;
  } catch (error) {
    report(engine, taskRun, key, 'Failed', startedAt, 0, undefined, error);
    throw error;
  }
}

function report(
  engine: Engine,
  taskRun: TaskRun,
  cacheKey: string | undefined,
  state: TaskRunState,
  startedAt: number | undefined,
  attempts: number,
  cacheMiss?: CacheMiss,
  error?: unknown,
): void {
  if (engine.taskRunListeners.isEmpty) return;
  const endedAt = performance.now();
  const started = startedAt ?? endedAt; // a listener added while the call ran
  engine.taskRunListeners.emit({
    taskName: taskRun.task.name,
    taskRunId: taskRun.id,
    flowRunId: taskRun.flowRun?.id,
    flowRunName: taskRun.flowRun?.name,
    cacheKey,
    state,
    startedAt: new Date(performance.timeOrigin + started),
    endedAt: new Date(performance.timeOrigin + endedAt),
    durationMs: endedAt - started,
    attempts,
    ...(cacheMiss === undefined ? {} : { cacheMiss }),
    ...(state === 'Failed' ? { error } : {}),
  });
}
