import type { TaskRunAggregate } from '@flowcache/core/records';
// The engine's own encoding: not public API, so reached by path.
import { encodeRunHistory } from '../../../core/src/history/RunHistory';
import { hostileStore } from './support/hostileStore';
import { flowRun, taskRun, writeRunHistory, writeRunHistoryKeyedAt } from './support/runHistoryBuilder';
import { statsRow, statsTotals, textById } from './support/trendMarkup';

/**
 * The stats and trends pages over run history planted to break them: what they show stays finite, and the trends
 * add up to the stats page's totals whatever the documents claim.
 */

const HOUR = 3_600_000;
const NOW = Date.UTC(2026, 11, 7, 10, 30);
const digits = (text: string | undefined) => Number((text ?? '').replace(/\D/g, ''));

/** The runs of one task a flow run only counted, as a planted document may claim them. */
function counted(taskName: string, fields: Partial<TaskRunAggregate>): TaskRunAggregate {
  return {
    taskName,
    count: 0,
    states: {},
    cacheMisses: {},
    totalDurationMs: 0,
    minDurationMs: 0,
    maxDurationMs: 0,
    ...fields,
  };
}

/** The stats page's totals and the trends page's, for the last 24 hours and one task or all. */
async function bothTotals(page: (path: string) => Promise<string>, task?: string) {
  const stats = await page('stats?period=24h');
  const trends = await page(`trends?period=24h${task === undefined ? '' : `&task=${encodeURIComponent(task)}`}`);
  // The caption starts `N task runs: ...`.
  const taskRuns = digits(textById(trends, 'trend-states-total')?.split(':')[0]);
  return { stats, trends, statsTotals: statsTotals(stats), taskRuns };
}

describe('flowcache ui stats and trends over planted counts', () => {
  const started = new Date(NOW - HOUR);
  const page = hostileStore(NOW, async (storage) => {
    const huge = counted('Huge.task', {
      count: 1e308,
      states: { Completed: 1e308, Cached: 1e308 },
      totalDurationMs: 1e308,
      maxDurationMs: 1e308,
      computeMs: 1e308,
      savedMs: 1e308,
    });
    await writeRunHistory(storage, [
      flowRun(started, { moreTaskRuns: [huge] }),
      flowRun(new Date(started.getTime() + 1000), {
        moreTaskRuns: [huge],
        taskRuns: [taskRun(started, { taskName: 'Huge.task', durationMs: 1e308, endedAt: started.toISOString() })],
      }),
    ]);
  });

  it('show counts of 1e308 as finite numbers, never Infinity or NaN, on both pages', async () => {
    const { stats, trends, statsTotals: totals } = await bothTotals(page);
    for (const markup of [stats, trends, await page('trends?period=24h&task=Huge.task')]) {
      expect(markup).not.toMatch(/NaN|Infinity/);
    }
    // Counts grouped by thousands: `18 014 398 509 481 984`.
    expect(totals['Task runs']).toMatch(/^\d{1,3}( \d{3})*$/);
    expect(totals.Hits).toMatch(/^\d{1,3}( \d{3})* \(\d+\.\d %\)$/);
    expect(statsRow(stats, 'Huge.task')?.[1]).toMatch(/^\d+\.\d %$/);
    expect(textById(trends, 'trend-hit-ratio-total')).toMatch(/^Hit ratio \d+\.\d %/);
  });
});

describe('flowcache ui trends over counted runs whose states outnumber them', () => {
  const started = new Date(NOW - HOUR);
  const page = hostileStore(NOW, async (storage) => {
    await writeRunHistory(storage, [
      flowRun(started, {
        taskRuns: [taskRun(started, { taskName: 'Load.step' })],
        // Claims 2 runs, yet 5 Completed and 7 Cached.
        moreTaskRuns: [counted('Load.step', { count: 2, states: { Completed: 5, Cached: 7 } })],
      }),
    ]);
  });

  it('count as many task runs as the stats page, in all and for the task', async () => {
    const all = await bothTotals(page);
    expect(all.statsTotals['Task runs']).toBe('3');
    expect(all.taskRuns).toBe(3);
    // The stats page counts as many hits as the counted runs may hold: so many are Cached in the chart.
    expect(all.statsTotals.Hits).toBe('2 (66.7 %)');
    expect(textById(all.trends, 'trend-states-total')).toMatch(/^3 task runs: 1 Completed, 2 Cached,/);
    const one = await bothTotals(page, 'Load.step');
    expect(one.taskRuns).toBe(Number(statsRow(one.stats, 'Load.step')?.[0]));
  });
});

describe('flowcache ui trends over histories whose keys and documents disagree on the start', () => {
  const DAY = 24 * HOUR;
  const page = hostileStore(NOW, async (storage) => {
    // Three real flow runs in the last 24 hours.
    await writeRunHistory(
      storage,
      [1, 2, 3].map((hours) => {
        const started = new Date(NOW - hours * HOUR);
        return flowRun(started, { taskRuns: [taskRun(started, { taskName: 'Real.step', state: 'Cached' })] });
      }),
    );
    // A page of flow runs keyed in the future (listed first), whose documents say they started 40 days ago.
    for (let index = 0; index < 100; index++) {
      const started = new Date(NOW - 40 * DAY + index);
      await writeRunHistoryKeyedAt(
        storage,
        flowRun(started, { taskRuns: [taskRun(started, { taskName: 'Planted.early' })] }),
        new Date(NOW + HOUR),
      );
    }
    // One keyed 40 days ago (listed last), whose document says it started an hour ago.
    const recent = new Date(NOW - HOUR);
    await writeRunHistoryKeyedAt(
      storage,
      flowRun(recent, { taskRuns: [taskRun(recent, { taskName: 'Planted.late', state: 'Failed' })] }),
      new Date(NOW - 40 * DAY),
    );
    // One under a key that holds no start time at all: no run-history key, which the stats page does not count.
    const run = flowRun(recent, { taskRuns: [taskRun(recent, { taskName: 'Planted.late', state: 'Failed' })] });
    await storage.put('_flowcache/runs/0-planted.json', encodeRunHistory(run));
  });

  it('count the flow runs both the key and the document place in the period, as the stats page does', async () => {
    const { stats, trends, statsTotals: totals, taskRuns } = await bothTotals(page);
    expect(totals['Flow runs']).toBe('3');
    expect(totals['Task runs']).toBe('3');
    expect(taskRuns).toBe(3);
    expect(textById(trends, 'trend-scope')).toMatch(/^3 flow runs started/);
    expect(statsRow(stats, 'Planted.late')?.[0] ?? '0').toBe('0');
  });
});
