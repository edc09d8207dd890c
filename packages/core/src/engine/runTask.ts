import { performance } from 'node:perf_hooks';
import { activeRuns, runInTaskRun } from '../context/runContext';
import type { TaskRun } from '../context/runs';
import { TaskRunRecord } from '../context/TaskRunRecord';
import type { TaskDefinition } from '../definitions/TaskDefinition';
import type { TaskRunState } from '../events/runEvents';
import { computeCacheKey } from './computeCacheKey';
import type { Engine } from './Engine';
import { AttemptCounter, runAttempts } from './runAttempts';

/**
 * The path of one `@Task` call: key → memory lookup → (join an identical call already running) → body with
 * retries → store the result → event. Errors propagate unchanged and are never cached. A hit returns a settled
 * promise without entering an async function (the cheapest way to be awaited).
 */
export function runTask(engine: Engine, task: TaskDefinition, instance: object, args: unknown[]): Promise<unknown> {
  const startedAt = engine.taskRunListeners.isEmpty ? undefined : performance.now(); // only events need it
  const active = activeRuns();
  const taskRun = new TaskRunRecord(task, active?.flowRun, active?.taskRun);
  const key = computeCacheKey(engine, task, taskRun, args);

  if (key !== undefined) {
    const cached = engine.results.get(key);
    if (cached !== undefined) {
      report(engine, taskRun, key, 'Cached', startedAt, 0);
      return Promise.resolve(cached.value);
    }
    const running = engine.inFlight.get(key);
    if (running !== undefined) return joinRunningCall(engine, taskRun, key, running, startedAt);
  }
  return runBody(engine, task, taskRun, key, instance, args, startedAt);
}

async function runBody(
  engine: Engine,
  task: TaskDefinition,
  taskRun: TaskRun,
  key: string | undefined,
  instance: object,
  args: unknown[],
  startedAt: number | undefined,
): Promise<unknown> {
  const attempts = new AttemptCounter();
  const execution = runAttempts(task, attempts, () => runInTaskRun(taskRun, () => task.body.apply(instance, args)));
  if (key !== undefined) engine.inFlight.set(key, execution);
  try {
    const value = await execution;
    if (key !== undefined) engine.results.set(key, { value, taskName: task.name, createdAt: new Date() });
    report(engine, taskRun, key, 'Completed', startedAt, attempts.count);
    return value;
  } catch (error) {
    report(engine, taskRun, key, 'Failed', startedAt, attempts.count, error);
    throw error;
  } finally {
    if (key !== undefined) engine.inFlight.delete(key);
  }
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
    report(engine, taskRun, key, 'Failed', startedAt, 0, error);
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
    ...(state === 'Failed' ? { error } : {}),
  });
}
