import type { CachedRecord, FlowRunSummary, TaskRunSummary } from '@flowcache/core/records';
import { TrendTally } from '../../src/shared/trendBuckets';
import { computeTimeChart } from '../../src/ui/charts/computeTimeChart';
import { hitRatioChart } from '../../src/ui/charts/hitRatioChart';
import { storageGrowthChart } from '../../src/ui/charts/storageGrowthChart';
import { taskRunStatesChart } from '../../src/ui/charts/taskRunStatesChart';
import { marksOf, textById } from './support/trendMarkup';

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 7, 6, 0);

function taskRun(state: TaskRunSummary['state'], startedAt: number): TaskRunSummary {
  return {
    taskRunId: `t-${startedAt}-${state}`,
    taskName: 'T',
    state,
    cacheKey: null,
    startedAt: new Date(startedAt).toISOString(),
    endedAt: new Date(startedAt).toISOString(),
    durationMs: 90_000,
    attempts: 1,
    cacheMiss: null,
    error: null,
    ...(state === 'Cached' ? { savedMs: 240_000 } : {}),
  };
}

function trendsOf(taskRuns: TaskRunSummary[], records: CachedRecord[] = []) {
  const tally = new TrendTally({ since: NOW - 6 * HOUR, until: NOW, bucket: 'hour' });
  const run: FlowRunSummary = {
    flowRunId: 'f',
    flowName: 'F',
    state: 'Completed',
    parameters: {},
    startedAt: new Date(NOW - 6 * HOUR).toISOString(),
    endedAt: new Date(NOW).toISOString(),
    durationMs: 1,
    attempts: 1,
    error: null,
    taskRuns,
    subflows: [],
    moreTaskRuns: [],
    moreSubflows: [],
  };
  tally.addFlowRun(run);
  for (const record of records) tally.addRecord(record);
  return tally.summary();
}

// Hours 0 and 1 (from 00:00 UTC) have calls, 2 and 3 none, 4 has some: the line breaks over the gap.
const RUNS = [
  taskRun('Completed', NOW - 6 * HOUR),
  taskRun('Cached', NOW - 5 * HOUR),
  taskRun('Cached', NOW - 5 * HOUR + 1),
  taskRun('Failed', NOW - 2 * HOUR),
];

describe('trend charts', () => {
  it('breaks the hit ratio line where an hour had no calls, with a point per measured hour only', () => {
    const markup = hitRatioChart(trendsOf(RUNS), 'hour').markup;
    const path = /<path class="line" d="([^"]*)"/.exec(markup)?.[1] ?? '';
    expect(path.match(/M/g)).toHaveLength(2); // two pieces: hours 0–1, then hour 4
    expect(marksOf(markup, 'trend-hit-ratio').map(({ bucket, value, title }) => [bucket, value, title])).toEqual([
      ['2026-12-07T00:00:00.000Z', 0, '2026-12-07 00:00 UTC: 0 % (0 of 1 calls)'],
      ['2026-12-07T01:00:00.000Z', 1, '2026-12-07 01:00 UTC: 100 % (2 of 2 calls)'],
      ['2026-12-07T04:00:00.000Z', 0, '2026-12-07 04:00 UTC: 0 % (0 of 1 calls)'],
    ]);
    expect(textById(markup, 'trend-hit-ratio-total')).toBe(
      'Hit ratio 50.0 %: 2 hits of 4 calls. A gap is an hour without calls.',
    );
  });

  it('stacks the states of each hour, with a legend of the states drawn', () => {
    const markup = taskRunStatesChart(trendsOf(RUNS), 'hour').markup;
    expect(marksOf(markup, 'trend-states').map(({ series, value, title }) => [series, value, title])).toEqual([
      ['Completed', 1, '2026-12-07 00:00 UTC: 1 Completed'],
      ['Cached', 2, '2026-12-07 01:00 UTC: 2 Cached'],
      ['Failed', 1, '2026-12-07 04:00 UTC: 1 Failed'],
    ]);
    expect([...markup.matchAll(/<li><span class="swatch"[^>]*><\/span>(\w+)<\/li>/g)].map((m) => m[1])).toEqual([
      'Completed',
      'Cached',
      'Failed',
    ]);
    expect(textById(markup, 'trend-states-total')).toMatch(/^4 task runs: 1 Completed, 2 Cached, 1 Failed, /);
  });

  it('counts task runs in whole numbers on the axis, however few there are', () => {
    const markup = taskRunStatesChart(trendsOf(RUNS), 'hour').markup;
    const ticks = [...markup.matchAll(/text-anchor="end">([^<]*)</g)].map((match) => match[1]);
    expect(ticks).toEqual(['0', '1', '2']);
  });

  it('draws saved and spent time side by side, the axis in round minutes', () => {
    const markup = computeTimeChart(trendsOf(RUNS), 'hour').markup;
    expect(marksOf(markup, 'trend-time').map(({ series, value }) => [series, value])).toEqual([
      ['computeMs', 90_000],
      ['savedMs', 480_000],
      ['computeMs', 90_000],
    ]);
    const ticks = [...markup.matchAll(/text-anchor="end">([^<]*)</g)].map((match) => match[1]);
    expect(ticks).toEqual(['0 min', '2 min', '4 min', '6 min', '8 min']);
    expect(textById(markup, 'trend-time-total')).toBe('Compute time saved 8 min 0 s, spent 3 min 0 s.');
  });

  it('adds up stored bytes by creation time and says what it leaves out', () => {
    const record = (createdAt: string | undefined, size: number): CachedRecord => ({
      key: `k${size}`,
      size,
      modifiedAt: new Date(0),
      expired: false,
      metadata: createdAt === undefined ? undefined : ({ taskName: 'T', createdAt } as CachedRecord['metadata']),
    });
    const trends = trendsOf(RUNS, [
      record('2026-01-01T00:00:00.000Z', 2048),
      record('2026-12-07T02:30:00.000Z', 1024),
      record(undefined, 5),
    ]);
    const markup = storageGrowthChart(trends, 'hour').markup;
    expect(marksOf(markup, 'trend-storage').map(({ value }) => value)).toEqual([2048, 2048, 3072, 3072, 3072, 3072]);
    expect(textById(markup, 'trend-storage-total')).toBe(
      '3.0 KiB in 2 records stored now, added up by when they were created; deleted records are not counted, nor ' +
        '1 without a readable creation time.',
    );
    expect(storageGrowthChart(trendsOf([]), 'hour').markup).toContain('No records stored.');
  });
});
