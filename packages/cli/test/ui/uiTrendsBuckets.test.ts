import type { TaskRunState } from '@flowcache/core';
import {
  type CachedRecord,
  type FlowRunSummary,
  MAX_STORED_AMOUNT,
  RunStatsTally,
  SUBFLOW_TASK_RUNS,
  type TaskRunAggregate,
  type TaskRunSummary,
} from '@flowcache/core/records';
import { type TrendPeriod, TrendTally } from '../../src/shared/trendBuckets';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// 2026-12-07 10:30 UTC: the last 24 hours start at 10:30 the day before, inside its 10:00 bucket.
const NOW = Date.UTC(2026, 11, 7, 10, 30);
const at = (iso: string) => `2026-12-${iso}Z`;

function taskRun(taskName: string, state: TaskRunState, startedAt: string, extra: Partial<TaskRunSummary> = {}) {
  return {
    taskRunId: `${taskName}-${startedAt}`,
    taskName,
    state,
    cacheKey: null,
    startedAt,
    endedAt: startedAt,
    durationMs: 10,
    attempts: 1,
    cacheMiss: null,
    error: null,
    ...(state === 'Cached' ? { savedMs: 100 } : {}),
    ...extra,
  } satisfies TaskRunSummary;
}

function flowRun(startedAt: string, parts: Partial<FlowRunSummary> = {}): FlowRunSummary {
  return {
    flowRunId: `run-${startedAt}`,
    flowName: 'F',
    state: 'Completed',
    parameters: {},
    startedAt,
    endedAt: startedAt,
    durationMs: 1,
    attempts: 1,
    error: null,
    taskRuns: [],
    subflows: [],
    moreTaskRuns: [],
    moreSubflows: [],
    ...parts,
  };
}

function aggregate(taskName: string, states: Record<string, unknown>, extra: Partial<TaskRunAggregate> = {}) {
  const count = Object.values(states).reduce((sum: number, n) => sum + (typeof n === 'number' ? n : 0), 0);
  return {
    taskName,
    count,
    states,
    cacheMisses: {},
    totalDurationMs: 50,
    minDurationMs: 1,
    maxDurationMs: 20,
    computeMs: 30,
    savedMs: 700,
    ...extra,
  } as TaskRunAggregate;
}

function record(taskName: string, createdAt: string, size: number): CachedRecord {
  return {
    key: `${taskName}/${createdAt}`,
    size,
    modifiedAt: new Date(0),
    expired: false,
    metadata: { taskName, createdAt } as CachedRecord['metadata'],
  };
}

function tallyOf(period: Partial<TrendPeriod>, runs: FlowRunSummary[], records: CachedRecord[] = []) {
  const tally = new TrendTally({ since: NOW - DAY, until: NOW, bucket: 'hour', ...period });
  for (const run of runs) tally.addFlowRun(run);
  for (const stored of records) tally.addRecord(stored);
  return tally;
}

const bucketAt = (tally: TrendTally, iso: string) =>
  tally.summary().buckets.find((bucket) => bucket.start.toISOString() === new Date(iso).toISOString());

describe('trend buckets', () => {
  it('cuts the period into whole UTC hours or days, the first one cut by the period start', () => {
    const hours = tallyOf({}, []).summary().buckets;
    expect(hours).toHaveLength(25);
    expect(hours[0].start.toISOString()).toBe('2026-12-06T10:00:00.000Z');
    expect(hours[24].start.toISOString()).toBe('2026-12-07T10:00:00.000Z');
    expect(hours[24].end.toISOString()).toBe('2026-12-07T11:00:00.000Z');
    const days = tallyOf({ since: NOW - 7 * DAY, bucket: 'day' }, []).summary().buckets;
    expect(days.map((bucket) => bucket.start.toISOString().slice(0, 10))).toEqual([
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
      '2026-12-03',
      '2026-12-04',
      '2026-12-05',
      '2026-12-06',
      '2026-12-07',
    ]);
    // 30 days by the hour: one bucket per hour, and the one the period starts in.
    expect(tallyOf({ since: NOW - 30 * DAY }, []).summary().buckets).toHaveLength(721);
  });

  it('counts each task run kept in detail by state in the hour it started, boundaries in UTC', () => {
    const run = flowRun(at('07T08:50:00.000'), {
      taskRuns: [
        taskRun('A', 'Completed', at('07T08:59:59.999')),
        taskRun('A', 'Cached', at('07T09:00:00.000')),
        taskRun('B', 'Failed', at('07T09:59:00.000')),
        taskRun('B', 'RolledBack', at('07T09:59:00.000')),
        taskRun('B', 'Pending' as TaskRunState, at('07T09:59:00.000')),
      ],
    });
    const tally = tallyOf({}, [run]);
    expect(bucketAt(tally, at('07T08:00:00'))?.states).toEqual({
      Completed: 1,
      Cached: 0,
      Failed: 0,
      RolledBack: 0,
      Other: 0,
    });
    expect(bucketAt(tally, at('07T09:00:00'))?.states).toEqual({
      Completed: 0,
      Cached: 1,
      Failed: 1,
      RolledBack: 1,
      Other: 1,
    });
    expect(bucketAt(tally, at('07T09:00:00'))?.runs).toEqual({
      calls: 4,
      hits: 1,
      hitRatio: 0.25,
      computeMs: 30,
      savedMs: 100,
    });
    const days = tallyOf({ bucket: 'day' }, [run]).summary().buckets;
    expect(days.map((bucket) => bucket.runs.calls)).toEqual([0, 5]);
  });

  it('leaves the hit ratio of an hour without calls unmeasured (a gap), not 0 %', () => {
    const run = flowRun(at('07T05:10:00.000'), {
      taskRuns: [taskRun('A', 'Completed', at('07T05:10:00.000')), taskRun('A', 'Cached', at('07T07:10:00.000'))],
    });
    const ratios = tallyOf({}, [run])
      .summary()
      .buckets.slice(-6)
      .map((bucket) => bucket.runs.hitRatio);
    expect(ratios).toEqual([0, null, 1, null, null, null]);
  });

  it('counts the task runs the history only counted, and subflows', () => {
    const run = flowRun(at('07T02:15:00.000'), {
      taskRuns: [taskRun('A', 'Completed', at('07T03:00:00.000'))],
      moreTaskRuns: [aggregate('A', { Cached: 7, Completed: 3 })],
      moreSubflows: [
        {
          flowName: 'Sub',
          count: 2,
          states: { Completed: 2 },
          totalDurationMs: 1,
          minDurationMs: 1,
          maxDurationMs: 1,
          taskRunStates: { Cached: 4, Failed: 1 },
        },
      ],
      subflows: [flowRun(at('07T04:00:00.000'), { taskRuns: [taskRun('B', 'Cached', at('07T05:30:00.000'))] })],
    });
    const tally = tallyOf({}, [run]);
    // Counted runs fall in the flow run's hour; runs in detail, subflows' too, in their own.
    expect(bucketAt(tally, at('07T02:00:00'))?.states).toEqual({
      Completed: 3,
      Cached: 11,
      Failed: 1,
      RolledBack: 0,
      Other: 0,
    });
    expect(bucketAt(tally, at('07T03:00:00'))?.states.Completed).toBe(1);
    expect(bucketAt(tally, at('07T05:00:00'))?.states.Cached).toBe(1);
    // The totals are core's, as `stats` adds them up.
    const core = new RunStatsTally();
    core.addFlowRun(run);
    const { tasks: _tasks, ...expected } = core.summary();
    const summary = tally.summary();
    expect(summary.runs).toEqual(expected);
    expect(summary.runs).toMatchObject({ calls: 17, hits: 12, savedMs: 800 });
    expect(summary.flowRuns).toBe(1);
    expect(tally.tasks).toEqual([SUBFLOW_TASK_RUNS, 'A', 'B'].sort((a, b) => a.localeCompare(b)));
  });

  it('counts one task only when asked: its task runs and its records', () => {
    const run = flowRun(at('07T02:15:00.000'), {
      taskRuns: [taskRun('A', 'Completed', at('07T03:00:00.000')), taskRun('B', 'Cached', at('07T03:00:00.000'))],
      moreTaskRuns: [aggregate('A', { Cached: 2 }), aggregate('B', { Cached: 5 })],
      moreSubflows: [
        {
          flowName: 'Sub',
          count: 1,
          states: {},
          totalDurationMs: 1,
          minDurationMs: 1,
          maxDurationMs: 1,
          taskRunStates: { Cached: 4 },
        },
      ],
    });
    const records = [record('A', at('07T03:00:00.000'), 100), record('B', at('07T03:00:00.000'), 5000)];
    const a = tallyOf({ task: 'A' }, [run], records).summary();
    expect(a.runs).toMatchObject({ calls: 3, hits: 2, computeMs: 40 });
    expect(a.states).toMatchObject({ Completed: 1, Cached: 2 });
    expect(a.records).toEqual({ count: 1, bytes: 100, undated: 0 });
    const core = new RunStatsTally();
    core.addFlowRun(run);
    const { calls, hits, computeMs, savedMs } = core.summary().tasks.A;
    expect(a.runs).toMatchObject({ calls, hits, computeMs, savedMs });
    const counted = tallyOf({ task: SUBFLOW_TASK_RUNS }, [run]).summary();
    expect(counted.runs).toMatchObject({ calls: 4, hits: 4 });
    expect(tallyOf({ task: 'C' }, [run], records).summary().runs.calls).toBe(0);
  });

  it('adds up the bytes stored by their creation time, those created before the period from the start', () => {
    const records = [
      record('A', '2026-01-01T00:00:00.000Z', 1000),
      record('A', at('07T01:30:00.000'), 10),
      record('A', at('07T03:30:00.000'), 200),
      record('A', 'not a time', 5),
      { ...record('A', '', 7), metadata: undefined },
    ];
    const summary = tallyOf({}, [], records).summary();
    expect(summary.storedBytesAtStart).toBe(1000);
    expect(summary.buckets.slice(14, 18).map((bucket) => bucket.storedBytes)).toEqual([1000, 1010, 1010, 1210]);
    expect(summary.buckets.at(-1)?.storedBytes).toBe(1210);
    expect(summary.records).toEqual({ count: 3, bytes: 1210, undated: 2 });
  });

  it('skips or clamps what hostile history holds, and never sums to NaN', () => {
    const runs = [
      flowRun('yesterday'), // not a time: not in any period, as `stats` counts
      flowRun(at('07T02:00:00.000'), {
        // a task run started at no time, or long ago: counted at its flow run's start
        taskRuns: [taskRun('A', 'Completed', 'soon'), taskRun('A', 'Completed', '1970-01-01T00:00:00.000Z')],
        moreTaskRuns: [
          aggregate('A', { Cached: 1e308, Completed: -4, Failed: 'x' }, { count: 1e308, savedMs: 1e308 }),
          aggregate('A', { Cached: 1e308 }, { count: Number.NaN, computeMs: -1, savedMs: 1e308 }),
        ],
      }),
      flowRun('2099-01-01T00:00:00.000Z', { taskRuns: [taskRun('A', 'Cached', '2099-01-01T00:00:00.000Z')] }),
    ];
    const tally = tallyOf({}, runs);
    const summary = tally.summary();
    expect(summary.flowRuns).toBe(2);
    // A planted 1e308 counts as the most one stored number may: sums stay finite.
    expect(bucketAt(tally, at('07T02:00:00'))?.runs.calls).toBe(MAX_STORED_AMOUNT + 2);
    // A flow run of the future falls in the last hour.
    expect(summary.buckets.at(-1)?.states.Cached).toBe(1);
    const numbers = summary.buckets.flatMap((bucket) => [
      ...Object.values(bucket.states),
      bucket.runs.calls,
      bucket.runs.hits,
      bucket.runs.computeMs,
    ]);
    expect(numbers.some(Number.isNaN)).toBe(false);
  });
});
