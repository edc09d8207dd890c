import type { ResultStorage, TaskRunState } from '@flowcache/core';
import type { FlowRunSummary, TaskRunAggregate, TaskRunSummary } from '@flowcache/core/records';
// The engine's own encoding and keys: not public API, so reached by path.
import { encodeRunHistory, runHistoryKey } from '../../../../core/src/history/RunHistory';

/**
 * Run-history documents built in memory and written with the core's own encoding: thousands of flow runs, or
 * one flow run with thousands of task runs, in a fraction of the time running them through an engine takes.
 * The documents have the shape `FlowRunRecording` writes; any field can be overridden, hostile values included.
 */

/** A task run of a flow run started at `flowStart`: it starts `offsetMs` later and lasts `durationMs`. */
export function taskRun(
  flowStart: Date,
  { offsetMs = 0, durationMs = 0, ...fields }: Partial<TaskRunSummary> & { offsetMs?: number } = {},
): TaskRunSummary {
  const start = flowStart.getTime() + offsetMs;
  const state = fields.state ?? 'Completed';
  return {
    taskRunId: `task-run-${start}-${Math.random().toString(36).slice(2, 10)}`,
    taskName: 'Builder.step',
    state,
    cacheKey: null,
    startedAt: new Date(start).toISOString(),
    durationMs,
    attempts: 1,
    cacheMiss: null,
    error: null,
    ...fields,
    endedAt: fields.endedAt ?? new Date(start + durationMs).toISOString(),
  };
}

/** A flow run started at `startedAt` lasting `durationMs`, with no task runs unless given. */
export function flowRun(
  startedAt: Date,
  { durationMs = 1_000, ...fields }: Partial<FlowRunSummary> = {},
): FlowRunSummary {
  return {
    flowRunId: `flow-run-${startedAt.getTime()}-${Math.random().toString(36).slice(2, 10)}`,
    flowName: 'Builder.flow',
    state: 'Completed',
    parameters: {},
    startedAt: startedAt.toISOString(),
    endedAt: new Date(startedAt.getTime() + durationMs).toISOString(),
    durationMs,
    attempts: 1,
    error: null,
    taskRuns: [],
    subflows: [],
    moreTaskRuns: [],
    moreSubflows: [],
    ...fields,
  };
}

/** What a busy flow run made: `count` task runs, one after another, `tasks` and `states` taken in turn. */
export interface BusyFlowRunOptions {
  readonly count: number;
  /** How many the history keeps in detail (the `runHistoryDetail` setting); the rest are counted per task. */
  readonly detail?: number;
  readonly tasks?: readonly string[];
  readonly states?: readonly TaskRunState[];
  /** How long each task run lasts, by its index. */
  readonly durationMs?: (index: number) => number;
}

/**
 * One flow run with `count` task runs, laid out back to back, the first `detail` (1 000 by default, as the
 * setting) kept in detail and the others counted per task, as the engine records them. Cached runs have a key.
 */
export function busyFlowRun(startedAt: Date, options: BusyFlowRunOptions): FlowRunSummary {
  const { count, detail = 1_000, tasks = ['Builder.step'], states = ['Completed', 'Cached'] } = options;
  const durationOf = options.durationMs ?? ((index: number) => (index % 7) * 3);
  const taskRuns: TaskRunSummary[] = [];
  const counted = new Map<string, TaskRunAggregate>();
  let offsetMs = 0;
  for (let index = 0; index < count; index++) {
    const taskName = tasks[index % tasks.length];
    const state = states[index % states.length];
    const durationMs = state === 'Cached' ? 0 : durationOf(index);
    if (index < detail) {
      taskRuns.push(
        taskRun(startedAt, {
          taskRunId: `run-${index}`,
          taskName,
          state,
          offsetMs,
          durationMs,
          cacheKey: `${taskName}/${index}`,
          cacheMiss: state === 'Cached' ? null : 'absent',
        }),
      );
    } else {
      counted.set(taskName, addToAggregate(counted.get(taskName), taskName, state, durationMs));
    }
    offsetMs += durationMs;
  }
  return flowRun(startedAt, { durationMs: offsetMs, taskRuns, moreTaskRuns: [...counted.values()] });
}

function addToAggregate(
  aggregate: TaskRunAggregate | undefined,
  taskName: string,
  state: TaskRunState,
  durationMs: number,
): TaskRunAggregate {
  const base: TaskRunAggregate = aggregate ?? {
    taskName,
    count: 0,
    states: {},
    cacheMisses: {},
    totalDurationMs: 0,
    minDurationMs: durationMs,
    maxDurationMs: durationMs,
  };
  return {
    ...base,
    count: base.count + 1,
    states: { ...base.states, [state]: (base.states[state] ?? 0) + 1 },
    cacheMisses:
      state === 'Cached' ? base.cacheMisses : { ...base.cacheMisses, absent: (base.cacheMisses.absent ?? 0) + 1 },
    totalDurationMs: base.totalDurationMs + durationMs,
    minDurationMs: Math.min(base.minDurationMs, durationMs),
    maxDurationMs: Math.max(base.maxDurationMs, durationMs),
  };
}

/** Writes flow runs' histories where the engine would, under the keys it would use; gives the keys. */
export async function writeRunHistory(storage: ResultStorage, runs: readonly FlowRunSummary[]): Promise<string[]> {
  const keys = runs.map((run, index) => runHistoryKey(run.flowRunId, new Date(run.startedAt), index));
  for (let start = 0; start < runs.length; start += 64) {
    await Promise.all(
      runs.slice(start, start + 64).map((run, offset) => storage.put(keys[start + offset], encodeRunHistory(run))),
    );
  }
  return keys;
}

/**
 * A run-history document of `flowRunId` written as the text given, bypassing every type: for histories no engine
 * writes (planted, damaged, with numbers `JSON.stringify` cannot write, such as `1e400`).
 */
export async function writeRawRunHistory(storage: ResultStorage, flowRunId: string, text: string): Promise<string> {
  const key = runHistoryKey(flowRunId, new Date(), 0);
  await storage.put(key, new Uint8Array(Buffer.from(text)));
  return key;
}

/**
 * Writes a flow run's history under a key that says it started at `keyTime`, whatever its document says: a
 * planted history whose key and document disagree.
 */
export async function writeRunHistoryKeyedAt(
  storage: ResultStorage,
  run: FlowRunSummary,
  keyTime: Date,
): Promise<string> {
  const key = runHistoryKey(run.flowRunId, keyTime, 0);
  await storage.put(key, encodeRunHistory(run));
  return key;
}
