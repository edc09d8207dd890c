import { performance } from 'node:perf_hooks';
import type { CacheMiss, TaskRunState } from '../events/runEvents';
import type { Call } from './Call';

/** Emits the call's task-run event, if anyone listens (building it costs as much as a cache hit). */
export function report(
  call: Call,
  cacheKey: string | undefined,
  state: TaskRunState,
  attempts: number,
  cacheMiss?: CacheMiss,
  error?: unknown,
): void {
  const { engine, taskRun } = call;
  if (engine.taskRunListeners.isEmpty) return;
  const endedAt = performance.now();
  const started = call.startedAt ?? endedAt; // a listener added while the call ran
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
