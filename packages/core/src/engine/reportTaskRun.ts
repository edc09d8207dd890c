import { performance } from 'node:perf_hooks';
import type { CacheMiss, TaskRunEvent, TaskRunState } from '../events/runEvents';
import { onlyCountsTaskRuns, countTaskRun, isRecorded, recordTaskRun } from './recordRunHistory';
import type { Call } from './Call';

/**
 * Emits the call's task-run event, if anyone listens, and adds it to its flow run's history when that is kept
 * (building it costs as much as a cache hit, so it is built only then). Beyond the history's detail budget, with
 * no listener, the run is only counted: no event, no run id.
 */
export function report(
  call: Call,
  cacheKey: string | undefined,
  state: TaskRunState,
  attempts: number,
  cacheMiss?: CacheMiss,
  error?: unknown,
): void {
  const { engine, taskRun } = call;
  const recorded = isRecorded(taskRun.flowRun);
  if (engine.taskRunListeners.isEmpty && !recorded) return;
  const endedAt = performance.now();
  const started = call.startedAt ?? endedAt; // a listener added while the call ran
  if (engine.taskRunListeners.isEmpty && onlyCountsTaskRuns(taskRun.flowRun, state)) {
    countTaskRun(taskRun.flowRun, taskRun.task.name, state, endedAt - started, cacheMiss?.reason);
    return;
  }
  const event: TaskRunEvent = {
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
    ...(call.storage === undefined ? {} : { storage: call.storage.location }),
    ...(state === 'Failed' ? { error } : {}),
  };
  if (!engine.taskRunListeners.isEmpty) engine.taskRunListeners.emit(event);
  if (recorded) recordTaskRun(taskRun.flowRun, event);
}
