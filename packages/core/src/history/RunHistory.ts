import type { FlowRunState, TaskRunState } from '../events/runEvents';
import { flowRunFault } from './runHistorySchema';

/** Where run history lives in a result storage: one object per top-level flow run, newest first in key order. */
export const RUN_HISTORY_PREFIX = '_flowcache/runs/';
/** The version of the run-history document; a reader skips documents of versions it does not know. */
export const RUN_HISTORY_FORMAT_VERSION = 1;
/**
 * The largest run-history object a reader reads, in bytes (16 MiB): `runHistoryDetail` keeps a real one near a
 * megabyte at most, so a larger one was planted or damaged, and is skipped without being read.
 */
export const MAX_RUN_HISTORY_BYTES = 16 * 1024 * 1024;
/**
 * How deep subflows may nest in a run-history document a reader accepts: a deeper one is skipped as unreadable,
 * so that nothing walking a flow run (finding a subflow, counting, rendering) can run out of stack.
 */
export const MAX_SUBFLOW_DEPTH = 100;

/** One task run as the run history keeps it (values are never kept: only previews of parameters). */
export interface TaskRunSummary {
  readonly taskRunId: string;
  readonly taskName: string;
  readonly state: TaskRunState;
  /** The cache key, which is also the storage key of the task's record when it persists; `null` when uncached. */
  readonly cacheKey: string | null;
  /** ISO-8601. */
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationMs: number;
  readonly attempts: number;
  /** Why the body ran although the call had a key (`absent`, `expired`, `refresh`, `unreadable`). */
  readonly cacheMiss: string | null;
  /** The error's message, for `Failed`. */
  readonly error: string | null;
  /**
   * For `Cached`: how long the body took to compute the result the run returned (the compute time it spared), in
   * milliseconds. Absent when unknown, and in history written before flowcache recorded it.
   */
  readonly savedMs?: number;
}

/**
 * The task runs of one task that a flow run ran beyond those kept in detail (see the `runHistoryDetail`
 * setting), counted: a busy flow run's history stays small however many calls it makes.
 */
export interface TaskRunAggregate {
  readonly taskName: string;
  /** How many task runs are counted here. */
  readonly count: number;
  /** How many ended in each state (`Completed`, `Cached`, `Failed`, `RolledBack`); states with none are left out. */
  readonly states: Readonly<Partial<Record<TaskRunState, number>>>;
  /** How many ran their body for each cache-miss reason (`absent`, `expired`, ...); reasons with none are left out. */
  readonly cacheMisses: Readonly<Record<string, number>>;
  /** The sum, shortest and longest of their durations, in milliseconds. */
  readonly totalDurationMs: number;
  readonly minDurationMs: number;
  readonly maxDurationMs: number;
  /**
   * The sum of the durations of the runs that ran their body (every state but `Cached`), in milliseconds. Absent in
   * history written before flowcache recorded it.
   */
  readonly computeMs?: number;
  /** The sum of the compute time the `Cached` runs spared (see `TaskRunSummary.savedMs`); absent in older history. */
  readonly savedMs?: number;
}

/**
 * The subflow runs of one flow that a flow run started beyond those kept in detail, counted. Subflows these
 * started are counted in the same list, under their own flow name.
 */
export interface SubflowRunAggregate {
  readonly flowName: string;
  /** How many subflow runs are counted here. */
  readonly count: number;
  /** How many ended in each state; states with none are left out. */
  readonly states: Readonly<Partial<Record<FlowRunState, number>>>;
  /** The sum, shortest and longest of their durations, in milliseconds. */
  readonly totalDurationMs: number;
  readonly minDurationMs: number;
  readonly maxDurationMs: number;
  /** Their own task runs, by state. */
  readonly taskRunStates: Readonly<Partial<Record<TaskRunState, number>>>;
}

/** One flow run with its task runs and subflow runs, as the run history keeps it. */
export interface FlowRunSummary {
  readonly flowRunId: string;
  readonly flowName: string;
  readonly state: FlowRunState;
  /** Each parameter as a short text preview. */
  readonly parameters: Readonly<Record<string, string>>;
  readonly startedAt: string;
  readonly endedAt: string;
  readonly durationMs: number;
  readonly attempts: number;
  readonly error: string | null;
  /**
   * The task runs kept in detail, in the order they settled: all of them, up to the `runHistoryDetail` setting
   * (counted across the top-level flow run and its subflows).
   */
  readonly taskRuns: readonly TaskRunSummary[];
  /** The subflow runs kept in detail, up to `runHistoryDetail` (counted across the top-level flow run). */
  readonly subflows: readonly FlowRunSummary[];
  /** The task runs beyond those kept in detail, counted per task; empty when all were kept (or in older histories). */
  readonly moreTaskRuns: readonly TaskRunAggregate[];
  /**
   * The subflow runs beyond those kept in detail, counted per flow; empty when all were kept (or in older histories).
   */
  readonly moreSubflows: readonly SubflowRunAggregate[];
}

// Start times up to the year 2286 fit the 13 digits of the inverted time.
const LATEST_TIME = 9_999_999_999_999;

/**
 * The storage key of a top-level flow run's history, made so that a listing in key order is newest first: the
 * start time inverted, then the run's start sequence in its process inverted (of two runs one process started
 * in the same millisecond, the later one comes first; of two processes' runs, the order is arbitrary but stable),
 * then the id. The sequence is glued to the time so that keys written before it existed (`<time>-<id>.json`)
 * still parse.
 */
export function runHistoryKey(flowRunId: string, startedAt: Date, sequence: number): string {
  const time = String(LATEST_TIME - startedAt.getTime()).padStart(13, '0');
  const order = String(Number.MAX_SAFE_INTEGER - sequence).padStart(16, '0');
  return `${RUN_HISTORY_PREFIX}${time}${order}-${flowRunId}.json`;
}

/**
 * The start time a run-history key (of either form) holds, in milliseconds, or `undefined` when the key is not
 * one: a listing can be filtered by start time before any document is read.
 */
export function startTimeOfKey(key: string): number | undefined {
  const inverted = /^_flowcache\/runs\/(\d{13})(?:\d{16})?-.+\.json$/.exec(key)?.[1];
  return inverted === undefined ? undefined : LATEST_TIME - Number(inverted);
}

/** The flow run id in a run-history key (of either form), or `undefined` when the key is not one. */
export function flowRunIdOfKey(key: string): string | undefined {
  return /^_flowcache\/runs\/\d{13}(?:\d{16})?-(.+)\.json$/.exec(key)?.[1];
}

export function encodeRunHistory(summary: FlowRunSummary): Uint8Array {
  return new Uint8Array(Buffer.from(JSON.stringify({ formatVersion: RUN_HISTORY_FORMAT_VERSION, ...summary }), 'utf8'));
}

/** The flow run in a run-history document, or `undefined` when it is not one this version can read. */
export function decodeRunHistory(bytes: Uint8Array): FlowRunSummary | undefined {
  const read = readRunHistory(bytes);
  return 'run' in read ? read.run : undefined;
}

/** The flow run in a run-history document, or why it cannot be read. Never throws, whatever the bytes. */
export function readRunHistory(bytes: Uint8Array): { run: FlowRunSummary } | { problem: string } {
  let document: { formatVersion?: unknown } & FlowRunSummary;
  try {
    document = JSON.parse(Buffer.from(bytes).toString('utf8')) as { formatVersion?: unknown } & FlowRunSummary;
  } catch {
    return { problem: 'it is not valid JSON' };
  }
  if (typeof document !== 'object' || document === null || document.formatVersion !== RUN_HISTORY_FORMAT_VERSION) {
    return { problem: `it is not a run-history document of format version ${RUN_HISTORY_FORMAT_VERSION}` };
  }
  if (typeof document.flowRunId !== 'string') return { problem: 'it names no flow run' };
  const { formatVersion: _version, ...summary } = document;
  const run = withAggregates(summary, 0);
  return typeof run === 'string' ? { problem: run } : { run };
}

// Documents written before aggregates existed have none: they read as runs whose task runs were all kept.
// The depth bound keeps this walk, and every later one over the result, far from the stack's limit.
// A string: why the document cannot be read.
function withAggregates(run: FlowRunSummary, depth: number): FlowRunSummary | string {
  if (depth > MAX_SUBFLOW_DEPTH) return `its subflows nest more than ${MAX_SUBFLOW_DEPTH} deep`;
  const fault = flowRunFault(run);
  if (fault !== undefined) return fault;
  const subflows: FlowRunSummary[] = [];
  for (const subflow of Array.isArray(run.subflows) ? run.subflows : []) {
    if (typeof subflow !== 'object' || subflow === null) return 'a subflow run is not an object';
    const read = withAggregates(subflow, depth + 1);
    if (typeof read === 'string') return read;
    subflows.push(read);
  }
  return {
    ...run,
    taskRuns: Array.isArray(run.taskRuns) ? run.taskRuns : [],
    subflows,
    moreTaskRuns: counted(run.moreTaskRuns, 'taskName', 'states', 'cacheMisses'),
    moreSubflows: counted(run.moreSubflows, 'flowName', 'states', 'taskRunStates'),
  };
}

// Counts a reader can show: a name, a count, and objects where counts by state are expected; others are left out.
function counted<T extends object>(entries: readonly T[] | undefined, name: keyof T, ...countsBy: (keyof T)[]): T[] {
  if (!Array.isArray(entries)) return [];
  return entries.filter(
    (entry: T) =>
      typeof entry === 'object' &&
      entry !== null &&
      typeof entry[name] === 'string' &&
      typeof (entry as { count?: unknown }).count === 'number' &&
      ['totalDurationMs', 'minDurationMs', 'maxDurationMs'].every(
        (field) => typeof (entry as Record<string, unknown>)[field] === 'number',
      ) &&
      countsBy.every((field) => typeof entry[field] === 'object' && entry[field] !== null),
  );
}
