import type { FlowRun } from '../context/runs';
import type { MethodDefinition } from '../definitions/MethodDefinition';
import type { FlowRunEvent, TaskRunEvent, TaskRunState } from '../events/runEvents';
import { encodeRunHistory, runHistoryKey, type FlowRunSummary, type TaskRunSummary } from '../history/RunHistory';
import { previewValue } from '../history/previewValue';
import { SubflowRunTally } from '../history/SubflowRunTally';
import { TaskRunTally } from '../history/TaskRunTally';
import { describeFailure, retryTransient } from '../storage/retryTransient';
import type { Engine } from './Engine';
import { errorMessage } from '../errors/errorMessage';

/** How many more task runs and subflow runs a top-level flow run (its subflows included) keeps in detail. */
interface DetailBudget {
  taskRuns: number;
  subflows: number;
}

/** The task runs and subflow runs of a flow run being recorded: the first ones in detail, the rest counted. */
interface Recording {
  /** The flow runs this process started before this one: orders runs that started in the same millisecond. */
  readonly sequence: number;
  /** Shared by the top-level flow run and all its subflows. */
  readonly budget: DetailBudget;
  /** Whether this flow run is kept in detail (a top-level run always is); if not, all its task runs are counted. */
  readonly detailed: boolean;
  readonly taskRuns: TaskRunSummary[];
  /** Where each detailed task run is in `taskRuns`, to mark it rolled back. */
  readonly taskRunIndexes: Map<string, number>;
  readonly subflows: FlowRunSummary[];
  readonly moreTaskRuns: TaskRunTally;
  readonly moreSubflows: SubflowRunTally;
}

const recordings = new WeakMap<FlowRun, Recording>();
let flowRunsStarted = 0;

/**
 * Starts collecting the flow run's task runs, when the engine keeps run history. A subflow shares its top-level
 * run's budget of detailed entries; once it is spent, subflows and task runs are only counted.
 */
export function startRecording(engine: Engine, flowRun: FlowRun): void {
  if (!engine.settings.runHistory) return;
  const parent = flowRun.parent === undefined ? undefined : recordings.get(flowRun.parent);
  const budget = parent?.budget ?? { taskRuns: engine.settings.runHistoryDetail, subflows: engine.settings.runHistoryDetail };
  const detailed = parent === undefined || (parent.detailed && budget.subflows > 0);
  if (parent !== undefined && detailed) budget.subflows--;
  recordings.set(flowRun, {
    sequence: flowRunsStarted++,
    budget,
    detailed,
    taskRuns: [],
    taskRunIndexes: new Map(),
    subflows: [],
    moreTaskRuns: new TaskRunTally(),
    moreSubflows: new SubflowRunTally(),
  });
}

/** Whether the flow run's task runs are being collected (their events must then be built). */
export function isRecorded(flowRun: FlowRun | undefined): boolean {
  return flowRun !== undefined && recordings.has(flowRun);
}

/**
 * Whether the flow run's next task run will only be counted (its detail budget is spent): then `countTaskRun`
 * records it without an event being built. A rollback needs the event: it may undo a run kept in detail.
 */
export function onlyCountsTaskRuns(flowRun: FlowRun | undefined, state: TaskRunState): boolean {
  const recording = flowRun === undefined ? undefined : recordings.get(flowRun);
  return recording !== undefined && state !== 'RolledBack' && !keepsInDetail(recording);
}

/** Counts a task run beyond the detail budget: a few counters, no object. */
export function countTaskRun(
  flowRun: FlowRun | undefined,
  taskName: string,
  state: TaskRunState,
  durationMs: number,
  cacheMiss: string | undefined,
): void {
  const recording = flowRun === undefined ? undefined : recordings.get(flowRun);
  recording?.moreTaskRuns.add(taskName, state, durationMs, cacheMiss);
}

/**
 * Adds a settled task run to its flow run's history, in detail while the budget lasts, else counted. A run
 * rolled back after it completed keeps one entry, whose state becomes `RolledBack`.
 */
export function recordTaskRun(flowRun: FlowRun | undefined, event: TaskRunEvent): void {
  const recording = flowRun === undefined ? undefined : recordings.get(flowRun);
  if (recording === undefined) return;
  if (event.state === 'RolledBack') {
    const index = recording.taskRunIndexes.get(event.taskRunId);
    if (index !== undefined) {
      recording.taskRuns[index] = { ...recording.taskRuns[index], state: 'RolledBack' };
      return;
    }
    if (recording.moreTaskRuns.rollBack(event.taskName)) return;
  }
  if (!keepsInDetail(recording)) {
    recording.moreTaskRuns.add(event.taskName, event.state, event.durationMs, event.cacheMiss?.reason);
    return;
  }
  recording.budget.taskRuns--;
  recording.taskRunIndexes.set(event.taskRunId, recording.taskRuns.length);
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
    error: event.state === 'Failed' ? errorMessage(event.error) : null,
  });
}

function keepsInDetail(recording: Recording): boolean {
  return recording.detailed && recording.budget.taskRuns > 0;
}

/**
 * Ends a flow run's recording: a subflow joins its parent's history; a top-level flow run is written as one
 * object to the flow's result storage (else the engine's): one write per flow run, whatever it ran, finished
 * before the flow returns so that another process can list it at once. A failed write is reported, never thrown.
 */
export async function finishRecording(engine: Engine, flow: MethodDefinition, flowRun: FlowRun, event: FlowRunEvent): Promise<void> {
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
    error: event.state === 'Failed' ? errorMessage(event.error) : null,
    taskRuns: recording.taskRuns,
    subflows: recording.subflows,
    moreTaskRuns: recording.moreTaskRuns.summaries(),
    moreSubflows: recording.moreSubflows.summaries(),
  };
  const parent = flowRun.parent === undefined ? undefined : recordings.get(flowRun.parent);
  if (parent !== undefined && recording.detailed) {
    parent.subflows.push(summary);
    return;
  }
  if (parent !== undefined) {
    // Counted, with the subflows it started (counted too: a subflow of a counted one is never kept in detail).
    parent.moreSubflows.add(event.flowName, event.state, event.durationMs, recording.moreTaskRuns.states());
    for (const subflows of summary.moreSubflows) parent.moreSubflows.merge(subflows);
    return;
  }
  let storage;
  try {
    storage = flow.resultStorage ?? engine.storage;
  } catch (error) {
    engine.warnOnce('run-history-storage', `run history is not kept: ${errorMessage(error)}`);
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
