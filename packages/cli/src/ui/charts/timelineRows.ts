import type { FlowRunSummary, TaskRunSummary } from '@flowcache/core/records';
import { type CountedRunGroup, CountedRunGroups } from './countedRunGroups';
import { clampRunTimes, readRunTimes, type RunTimes } from './runTimes';

/**
 * The most runs a timeline draws on its time axis. 500 rows of 18 px make a chart about 9 000 px tall, which can
 * still be scrolled and read, and about 400 KB of markup, which renders at once; `runHistoryDetail` keeps 1 000
 * task runs by default and can be set far higher, so beyond this the runs are counted per task instead.
 */
export const TIMELINE_ROW_LIMIT = 500;
/** The most rows of counted runs (one per task or flow); the tasks beyond are gathered in one row. */
export const COUNTED_ROW_LIMIT = 50;

/** A task run drawn on the time axis; times in milliseconds since the timeline's start, clamped to its span. */
export interface TaskRunRow {
  readonly kind: 'task';
  readonly depth: number;
  readonly taskRun: TaskRunSummary;
  /** The flow run holding the task run: its page has the task run's row. */
  readonly flowRunId: string;
  readonly times: RunTimes;
}

/** A subflow run on the time axis, its runs in the rows after it, one deeper; `times` undefined when unreadable. */
export interface SubflowRow {
  readonly kind: 'subflow';
  readonly depth: number;
  readonly flowRun: FlowRunSummary;
  readonly times: RunTimes | undefined;
}

export type TimelineRow = TaskRunRow | SubflowRow;

/** What the timeline of a flow run draws, and what it only counts. */
export interface Timeline {
  /** The span of the time axis, in milliseconds since the epoch. */
  readonly span: RunTimes;
  readonly rows: readonly TimelineRow[];
  readonly counted: readonly CountedRunGroup[];
  /** The most rows drawn on the time axis. */
  readonly rowLimit: number;
  /** Task runs: drawn, counted by the run history (beyond `runHistoryDetail`), beyond the chart's rows, unreadable. */
  readonly taskRuns: {
    readonly drawn: number;
    readonly countedByHistory: number;
    readonly beyondRows: number;
    readonly unreadableTimes: number;
  };
}

interface Entry {
  readonly times: RunTimes | undefined;
  readonly taskRun?: TaskRunSummary;
  readonly subflow?: FlowRunSummary;
}

/**
 * Lays out a flow run's timeline: its task runs and subflow runs kept in detail in start order, each subflow
 * followed by its own, one level deeper, up to `rowLimit` rows; the rest counted by task (or flow) name with the
 * runs the history only counted. A task run whose start is not a time is counted too. The work is one walk over
 * the history, which the reader already bounded in size and depth.
 */
export function layOutTimeline(run: FlowRunSummary, rowLimit: number = TIMELINE_ROW_LIMIT): Timeline {
  const rows: TimelineRow[] = [];
  const counted = new CountedRunGroups();
  // Task runs kept in detail but counted here (beyond the rows, or with no readable start), one by one.
  let countedOneByOne = 0;
  let unreadableTimes = 0;

  const countTaskRun = (taskRun: TaskRunSummary): void => {
    counted.addTaskRuns(taskRun.taskName, { [taskRun.state]: 1 });
    countedOneByOne++;
  };
  const countAggregates = (flowRun: FlowRunSummary): void => {
    for (const task of flowRun.moreTaskRuns) counted.addTaskRuns(task.taskName, task.states);
    for (const flow of flowRun.moreSubflows) counted.addFlowRuns(flow.flowName, flow.states, flow.taskRunStates);
  };
  const countSubflow = (subflow: FlowRunSummary): void => {
    counted.addFlowRuns(subflow.flowName, { [subflow.state]: 1 }, {});
    subflow.taskRuns.forEach(countTaskRun);
    countAggregates(subflow);
    subflow.subflows.forEach(countSubflow);
  };
  const visit = (flowRun: FlowRunSummary, depth: number): void => {
    for (const { taskRun, subflow, times } of entriesInStartOrder(flowRun)) {
      if (taskRun !== undefined && times === undefined) {
        unreadableTimes++;
        countTaskRun(taskRun);
      } else if (rows.length >= rowLimit) {
        if (taskRun !== undefined) countTaskRun(taskRun);
        if (subflow !== undefined) countSubflow(subflow);
      } else if (taskRun !== undefined && times !== undefined) {
        rows.push({ kind: 'task', depth, taskRun, flowRunId: flowRun.flowRunId, times });
      } else if (subflow !== undefined) {
        rows.push({ kind: 'subflow', depth, flowRun: subflow, times });
        visit(subflow, depth + 1);
      }
    }
    countAggregates(flowRun);
  };
  visit(run, 0);

  const span = spanOf(run, rows);
  const clamped = rows.map((row) =>
    row.times === undefined ? row : { ...row, times: offsetFrom(clampRunTimes(row.times, span), span.start) },
  );
  const drawn = rows.filter((row) => row.kind === 'task').length;
  return {
    span,
    rowLimit,
    rows: clamped,
    counted: counted.groups(COUNTED_ROW_LIMIT),
    taskRuns: {
      drawn,
      countedByHistory: counted.taskRunCount - countedOneByOne,
      beyondRows: countedOneByOne - unreadableTimes,
      unreadableTimes,
    },
  };
}

// A flow run's own task runs and subflow runs, by start; a stable sort keeps the history's order for equal starts,
// and puts subflows whose start is not a time last.
function entriesInStartOrder(flowRun: FlowRunSummary): Entry[] {
  const entries: Entry[] = [
    ...flowRun.taskRuns.map((taskRun) => ({ taskRun, times: readRunTimes(taskRun) })),
    ...flowRun.subflows.map((subflow) => ({ subflow, times: readRunTimes(subflow) })),
  ];
  return entries.sort((a, b) => (a.times?.start ?? Infinity) - (b.times?.start ?? Infinity) || 0);
}

// The flow run's own times; when they cannot be read, the extent of the rows; at least a millisecond long, so the
// axis has a scale.
function spanOf(run: FlowRunSummary, rows: readonly TimelineRow[]): RunTimes {
  let span = readRunTimes(run);
  if (span === undefined) {
    const known = rows.flatMap((row) => (row.times === undefined ? [] : [row.times]));
    span =
      known.length === 0
        ? { start: 0, end: 0 }
        : {
            start: known.reduce((earliest, times) => Math.min(earliest, times.start), Infinity),
            end: known.reduce((latest, times) => Math.max(latest, times.end), -Infinity),
          };
  }
  return span.end > span.start ? span : { start: span.start, end: span.start + 1 };
}

function offsetFrom(times: RunTimes, origin: number): RunTimes {
  return { start: times.start - origin, end: times.end - origin };
}
