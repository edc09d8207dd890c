import type { FlowRun } from '../context/runs';
import type { TaskDefinition } from '../definitions/TaskDefinition';
import type { FlowRunEvent, TaskRunEvent } from '../events/runEvents';
import { encodeRunHistory, runHistoryKey, type FlowRunSummary, type TaskRunSummary } from '../history/RunHistory';
import { previewValue } from '../history/previewValue';
import { describeFailure, retryTransient } from '../storage/retryTransient';
import type { Engine } from './Engine';

/** The task runs and subflow runs of a flow run being recorded. */
interface Recording {
  /** The flow runs this process started before this one: orders runs that started in the same millisecond. */
  readonly sequence: number;
  readonly taskRuns: TaskRunSummary[];
  readonly subflows: FlowRunSummary[];
}

const recordings = new WeakMap<FlowRun, Recording>();
let flowRunsStarted = 0;

/** Starts collecting the flow run's task runs, when the engine keeps run history. */
export function startRecording(engine: Engine, flowRun: FlowRun): void {
  if (engine.settings.runHistory) recordings.set(flowRun, { sequence: flowRunsStarted++, taskRuns: [], subflows: [] });
}

/** Whether the flow run's task runs are being collected (their events must then be built). */
export function isRecorded(flowRun: FlowRun | undefined): boolean {
  return flowRun !== undefined && recordings.has(flowRun);
}

/**
 * Adds a settled task run to its flow run's history. A run rolled back after it completed keeps one entry, whose
 * state becomes `RolledBack`.
 */
export function recordTaskRun(flowRun: FlowRun | undefined, event: TaskRunEvent): void {
  const recording = flowRun === undefined ? undefined : recordings.get(flowRun);
  if (recording === undefined) return;
  if (event.state === 'RolledBack') {
    const index = recording.taskRuns.findIndex((run) => run.taskRunId === event.taskRunId);
    if (index >= 0) {
      recording.taskRuns[index] = { ...recording.taskRuns[index], state: 'RolledBack' };
      return;
    }
  }
  recording.taskRuns.push({
    taskRunId: event.taskRunId,
    taskName: event.taskName,
    state: event.state,
    cacheKey: event.cacheKey ?? null,
    startedAt: event.startedAt.toISOString(),
    endedAt: event.endedAt.toISOString(),
    durationMs: event.durationMs,
    attempts: event.attempts,
    cacheMiss: event.cacheMiss?.reason ?? null,
    error: event.state === 'Failed' ? describe(event.error) : null,
  });
}

/**
 * Ends a flow run's recording: a subflow joins its parent's history; a top-level flow run is written as one
 * object to the flow's result storage (else the engine's): one write per flow run, whatever it ran, finished
 * before the flow returns so that another process can list it at once. A failed write is reported, never thrown.
 */
export async function finishRecording(engine: Engine, flow: TaskDefinition, flowRun: FlowRun, event: FlowRunEvent): Promise<void> {
  const recording = recordings.get(flowRun);
  if (recording === undefined) return;
  recordings.delete(flowRun);
  const summary: FlowRunSummary = {
    flowRunId: event.flowRunId,
    flowName: event.flowName,
    state: event.state,
    parameters: Object.fromEntries(Object.entries(event.parameters).map(([name, value]) => [name, previewValue(value)])),
    startedAt: event.startedAt.toISOString(),
    endedAt: event.endedAt.toISOString(),
    durationMs: event.durationMs,
    attempts: event.attempts,
    error: event.state === 'Failed' ? describe(event.error) : null,
    taskRuns: recording.taskRuns,
    subflows: recording.subflows,
  };
  const parent = flowRun.parent === undefined ? undefined : recordings.get(flowRun.parent);
  if (parent !== undefined) {
    parent.subflows.push(summary);
    return;
  }
  let storage;
  try {
    storage = flow.resultStorage ?? engine.storage;
  } catch (error) {
    engine.warnOnce('run-history-storage', `run history is not kept: ${describe(error)}`);
    return;
  }
  try {
    const key = runHistoryKey(flowRun.id, flowRun.startedAt, recording.sequence);
    const history = encodeRunHistory(summary);
    await retryTransient(() => storage.put(key, history), engine.settings);
  } catch (error) {
    engine.warnOnce(
      `run-history:${storage.location}`,
      `the history of flow run ${flowRun.id} (${flowRun.name}) was not written to ${storage.location}: ` +
        describeFailure(error, engine.settings),
    );
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
