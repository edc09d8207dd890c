import type { TaskRunState } from '@flowcache/core';
import {
  type CachedRecord,
  type FlowRunSummary,
  type RunStats,
  RunStatsTally,
  storedAmount as amount,
  SUBFLOW_TASK_RUNS,
  type SubflowRunAggregate,
  type TaskRunAggregate,
  type TaskRunSummary,
} from '@flowcache/core/records';
import { utcDay, utcHour } from 'd3-time';

/** How long one bucket of the trends lasts: a UTC hour or a UTC day. */
export type TrendBucketSize = 'hour' | 'day';

/** The states the trends count task runs by: the four run states, and `Other` for any state the history names else. */
export type TrendState = TaskRunState | 'Other';
export const TREND_STATES: readonly TrendState[] = ['Completed', 'Cached', 'Failed', 'RolledBack', 'Other'];

/** What the trends cover: flow runs started from `since` to `until` (ms since the epoch), cut into buckets. */
export interface TrendPeriod {
  readonly since: number;
  readonly until: number;
  readonly bucket: TrendBucketSize;
  /** Count this task only (its task runs and records); all tasks when absent. */
  readonly task?: string;
}

/** One bucket of time: what the task runs in it did, and the bytes stored by its end. */
export interface TrendBucket {
  readonly start: Date;
  readonly end: Date;
  readonly states: Readonly<Record<TrendState, number>>;
  /** Calls, hits, hit ratio (`null` without calls), compute time spent and saved, as `flowcache stats` counts. */
  readonly runs: RunStats;
  /** Bytes of the records stored now that were created before the bucket's end. */
  readonly storedBytes: number;
}

/** The trends of a period: its buckets, oldest first, and the totals they add up to. */
export interface Trends {
  readonly buckets: readonly TrendBucket[];
  readonly runs: RunStats;
  readonly states: Readonly<Record<TrendState, number>>;
  /** Top-level flow runs that started in the period. */
  readonly flowRuns: number;
  /** Bytes of the records stored now that were created before the first bucket. */
  readonly storedBytesAtStart: number;
  /** The records stored now that storage growth counts, and those it cannot place (no readable creation time). */
  readonly records: { readonly count: number; readonly bytes: number; readonly undated: number };
}

// The order counted states are cut in when they claim more runs than were made: hits as the stats page counts them.
const HITS_FIRST: readonly TrendState[] = ['Cached', 'Completed', 'Failed', 'RolledBack', 'Other'];
const INTERVALS = { hour: utcHour, day: utcDay } as const;
// UTC hours and days never change length, so a time's bucket is found by division rather than by search.
const BUCKET_MS: Readonly<Record<TrendBucketSize, number>> = { hour: 3_600_000, day: 86_400_000 };

/**
 * Adds up flow runs and records into buckets of time. Flow runs are chosen as `CacheInspector.stats({ since })`
 * chooses them (started at `since` or later), and each bucket's runs are summed by core's `RunStatsTally`: the
 * trends' totals are the stats page's. A task run kept in detail falls in the bucket of its own start; the task
 * runs the history only counts (beyond `runHistoryDetail`) fall in their flow run's. Everything read is stored
 * text: a time that is not one falls back to its flow run's start, a flow run starting after `until` falls in
 * the last bucket, and a count that is not a finite number ≥ 0 counts for nothing (a huge one for
 * `MAX_STORED_AMOUNT`, as core's tally reads it). The number of buckets is the period's length over the bucket's,
 * plus one (the first is cut by `since`).
 */
export class TrendTally {
  private readonly first: number;
  private readonly starts: Date[];
  private readonly bucketMs: number;
  private readonly tallies: (RunStatsTally | undefined)[];
  private readonly states: Record<TrendState, number>[];
  private readonly createdBytes: number[];
  private readonly total = new RunStatsTally();
  private readonly totalStates = noStates();
  private readonly taskNames = new Set<string>();
  private flowRunCount = 0;
  private storedBefore = 0;
  private records = { count: 0, bytes: 0, undated: 0 };

  constructor(private readonly period: TrendPeriod) {
    const interval = INTERVALS[period.bucket];
    this.bucketMs = BUCKET_MS[period.bucket];
    const first = interval.floor(new Date(period.since));
    this.first = first.getTime();
    const starts = interval.range(first, new Date(period.until));
    this.starts = starts.length === 0 ? [first] : starts;
    this.tallies = this.starts.map(() => undefined);
    this.states = this.starts.map(noStates);
    this.createdBytes = this.starts.map(() => 0);
  }

  /** The task names seen in the flow runs of the period and in the records, for a task filter to offer. */
  get tasks(): readonly string[] {
    return [...this.taskNames].sort((a, b) => a.localeCompare(b));
  }

  /** Adds a top-level flow run when it started in the period; says whether it did. */
  addFlowRun(run: FlowRunSummary): boolean {
    const startedAt = Date.parse(run.startedAt);
    if (!(startedAt >= this.period.since)) return false;
    this.flowRunCount++;
    const pieces = new Map<number, TaskRunSummary[]>();
    const counted: { tasks: TaskRunAggregate[]; subflows: SubflowRunAggregate[] } = { tasks: [], subflows: [] };
    this.collect(run, Math.min(startedAt, this.period.until), pieces, counted);
    for (const [index, taskRuns] of pieces) this.addPiece(index, run, taskRuns, [], []);
    if (counted.tasks.length + counted.subflows.length > 0) {
      this.addPiece(this.indexOf(startedAt), run, [], counted.tasks, counted.subflows);
    }
    return true;
  }

  /** Adds a record stored now to storage growth, at its creation time. */
  addRecord(record: CachedRecord): void {
    const taskName = record.metadata?.taskName;
    if (typeof taskName === 'string') this.taskNames.add(taskName);
    if (this.period.task !== undefined && taskName !== this.period.task) return;
    const size = amount(record.size);
    const createdAt = Date.parse(record.metadata?.createdAt ?? '');
    if (!Number.isFinite(createdAt)) {
      this.records.undated++;
      return;
    }
    this.records.count++;
    this.records.bytes += size;
    if (createdAt < this.first) this.storedBefore += size;
    else this.createdBytes[this.indexOf(createdAt)] += size;
  }

  summary(): Trends {
    let stored = this.storedBefore;
    const buckets = this.starts.map((start, index): TrendBucket => {
      stored += this.createdBytes[index];
      return {
        start,
        end: new Date(start.getTime() + this.bucketMs),
        states: this.states[index],
        runs: totalsOf(this.tallies[index]),
        storedBytes: stored,
      };
    });
    return {
      buckets,
      runs: totalsOf(this.total),
      states: this.totalStates,
      flowRuns: this.flowRunCount,
      storedBytesAtStart: this.storedBefore,
      records: { ...this.records },
    };
  }

  // Walks a flow run and its subflows (nested 100 deep at most: the history's reader refuses deeper ones), keeping
  // the task runs of the task asked for: those in detail by bucket, the counted ones aside.
  private collect(
    run: FlowRunSummary,
    flowStart: number,
    pieces: Map<number, TaskRunSummary[]>,
    counted: { tasks: TaskRunAggregate[]; subflows: SubflowRunAggregate[] },
  ): void {
    const { task } = this.period;
    for (const taskRun of run.taskRuns) {
      if (typeof taskRun.taskName === 'string') this.taskNames.add(taskRun.taskName);
      if (task !== undefined && taskRun.taskName !== task) continue;
      const startedAt = Date.parse(taskRun.startedAt);
      const inPeriod = startedAt >= this.period.since && startedAt <= this.period.until;
      const index = this.indexOf(inPeriod ? startedAt : flowStart);
      let piece = pieces.get(index);
      if (piece === undefined) pieces.set(index, (piece = []));
      piece.push(taskRun);
      this.countState(index, TREND_STATES.includes(taskRun.state) ? taskRun.state : 'Other', 1);
    }
    for (const aggregate of run.moreTaskRuns) {
      this.taskNames.add(aggregate.taskName);
      if (task !== undefined && aggregate.taskName !== task) continue;
      counted.tasks.push(aggregate);
      this.countStates(this.indexOf(flowStart), aggregate.states, amount(aggregate.count));
    }
    for (const aggregate of run.moreSubflows) {
      const calls = Object.values(aggregate.taskRunStates).reduce((sum: number, count) => sum + amount(count), 0);
      if (calls > 0) this.taskNames.add(SUBFLOW_TASK_RUNS);
      if (task !== undefined && task !== SUBFLOW_TASK_RUNS) continue;
      counted.subflows.push(aggregate);
      this.countStates(this.indexOf(flowStart), aggregate.taskRunStates, calls);
    }
    for (const subflow of run.subflows) this.collect(subflow, flowStart, pieces, counted);
  }

  // Part of a flow run, summed by core's tally into a bucket's and into the totals.
  private addPiece(
    index: number,
    run: FlowRunSummary,
    taskRuns: TaskRunSummary[],
    moreTaskRuns: TaskRunAggregate[],
    moreSubflows: SubflowRunAggregate[],
  ): void {
    const piece: FlowRunSummary = { ...run, taskRuns, moreTaskRuns, moreSubflows, subflows: [] };
    (this.tallies[index] ??= new RunStatsTally()).addFlowRun(piece);
    this.total.addFlowRun(piece);
  }

  // Counted runs by state: the known states as stored, and whatever of `calls` they leave as `Other`. States that
  // claim more runs than `calls` (a planted document) are cut to it, `Cached` first, so the states add up to the
  // calls the stats page counts and the `Cached` ones to its hits (at most the calls, too).
  private countStates(index: number, states: Readonly<Partial<Record<string, number>>>, calls: number): void {
    let known = 0;
    for (const state of HITS_FIRST) {
      const stored = state !== 'Other' && Object.hasOwn(states, state) ? amount(states[state]) : 0;
      const count = Math.min(stored, calls - known);
      this.countState(index, state, count);
      known += count;
    }
    this.countState(index, 'Other', calls - known);
  }

  private countState(index: number, state: TrendState, count: number): void {
    this.states[index][state] += count;
    this.totalStates[state] += count;
  }

  // The bucket of a time; times outside the period go to its first or last bucket.
  private indexOf(time: number): number {
    const index = Math.floor((time - this.first) / this.bucketMs);
    return Number.isFinite(index) ? Math.min(Math.max(index, 0), this.starts.length - 1) : 0;
  }
}

// The sums in all; a task filter already kept only its task's runs.
function totalsOf(tally: RunStatsTally | undefined): RunStats {
  if (tally === undefined) return { calls: 0, hits: 0, hitRatio: null, computeMs: 0, savedMs: 0 };
  const { calls, hits, hitRatio, computeMs, savedMs } = tally.summary();
  return { calls, hits, hitRatio, computeMs, savedMs };
}

function noStates(): Record<TrendState, number> {
  return { Completed: 0, Cached: 0, Failed: 0, RolledBack: 0, Other: 0 };
}
