import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Engine, Flow, MemoryStorage, Task } from '@flowcache/core';
import {
  CacheInspector,
  ForeignObjectTally,
  MAX_STORED_AMOUNT,
  previewValue,
  RUN_HISTORY_PREFIX,
  RunStatsTally,
  storedAmount,
  SUBFLOW_TASK_RUNS,
  type CachedRecord,
  type CacheStats,
  type FlowRunSummary,
  type ForeignObjects,
  type PruneResult,
  type RecordFilter,
  type RecordPage,
  type RunStats,
  type StatsOptions,
  type SubflowRunAggregate,
  type TaskRunAggregate,
  type TaskRunSummary,
  type TaskStats,
  type WalkOptions,
} from '@flowcache/core/records';

class Forecasts {
  @Task({ cacheKeyFn: (_context, [region]) => `weather/${String(region)}`, cacheExpiration: { hours: 6 } })
  async weather(region: string): Promise<{ region: string; celsius: number }> {
    return { region, celsius: region.length };
  }

  @Task({ cacheKeyFn: (_context, [region]) => `report/${String(region)}` })
  async report(region: string): Promise<string> {
    const { celsius } = await this.weather(region);
    return `${region}: ${celsius} °C`;
  }

  @Flow()
  async morning(regions: string[]): Promise<string[]> {
    return Promise.all(regions.map((region) => this.report(region)));
  }
}

export async function main(): Promise<void> {
  const storage = new MemoryStorage(); // in production: the FileSystemStorage or S3Storage the workers use
  let now = Date.UTC(2026, 10, 26, 6);
  const forecasts = new Engine({ storage, clock: () => now }).attach(new Forecasts());
  await forecasts.morning(['north', 'south']);
  await forecasts.morning(['north', 'south']); // served from memory: every task run is Cached

  // The inspector reads the storage only, so it works from any process (the `flowcache` CLI is built on it).
  const inspector = new CacheInspector(storage, () => now);
  const filter: RecordFilter = { prefix: 'weather/' };
  const page: RecordPage = await inspector.list({ ...filter, limit: 50 });
  const [north]: readonly CachedRecord[] = page.records;
  assert.equal(north.key, 'weather/north');
  assert.equal(north.metadata?.taskName, 'Forecasts.weather');
  assert.equal(north.expired, false);
  assert.equal(previewValue((await inspector.read('weather/north'))?.value), "{ region: 'north', celsius: 5 }");

  // Every flow run is kept beside the records: one object per top-level flow run, newest first.
  const { flowRuns } = await inspector.flowRuns({ limit: 10 });
  const latest: FlowRunSummary = flowRuns[0];
  const states = latest.taskRuns.map((run: TaskRunSummary) => `${run.taskName}:${run.state}`);
  assert.deepEqual(states, ['Forecasts.report:Cached', 'Forecasts.report:Cached']);
  assert.equal(latest.parameters.regions, "[ 'north', 'south' ]");
  assert.equal((await inspector.flowRun(flowRuns[1].flowRunId))?.taskRuns.length, 4);
  // A subflow is kept inside its top-level run: naming that run reads its object alone; `maxReads` bounds a search.
  const older = flowRuns[1].flowRunId;
  assert.equal((await inspector.flowRun(older, { topLevel: older }))?.flowRunId, older);
  assert.equal(await inspector.flowRun('no-such-run', { maxReads: 100 }), undefined);
  assert.equal((await storage.list(RUN_HISTORY_PREFIX)).objects.length, 2);
  // A busy flow run keeps its first `runHistoryDetail` task runs in detail (default 1000) and counts the others.
  const busyStorage = new MemoryStorage();
  const busy = new Engine({ storage: busyStorage, settings: { runHistoryDetail: 2 } }).attach(new Forecasts());
  await busy.morning(['north', 'south', 'east']);
  const [busyRun] = (await new CacheInspector(busyStorage).flowRuns()).flowRuns;
  assert.equal(busyRun.taskRuns.length, 2);
  const counted: readonly TaskRunAggregate[] = busyRun.moreTaskRuns; // per task: count, states, cacheMisses, durations
  assert.equal(
    counted.reduce((sum, task) => sum + (task.states.Completed ?? 0), 0),
    4,
  );
  const countedSubflows: readonly SubflowRunAggregate[] = busyRun.moreSubflows;
  assert.deepEqual(countedSubflows, []); // it started no subflow

  // Six hours later the weather records have expired: stats, then prune them; invalidate by task or key.
  now += 6 * 3_600_000;
  const progress: WalkOptions = { onProgress: (examined) => assert.ok(examined > 0) };
  const stats: CacheStats = await inspector.stats(progress);
  const weather: TaskStats = stats.tasks['Forecasts.weather'];
  assert.deepEqual([stats.count, stats.expired, weather.expired, stats.flowRuns], [4, 2, 2, 2]);
  // What the task runs of the flow runs in a period did: calls, hits, compute time spent and saved by the hits
  // (each hit counts how long its result took to compute). Flow runs are timed by the wall clock, not by the
  // engine's `clock` (which decides expiry only), so a period is given in real time: here the last hour, which
  // holds both mornings (6 calls, of them the second morning's two hits).
  const lastHour: StatsOptions = { since: new Date(Date.now() - 3_600_000) };
  const { runs } = await inspector.stats(lastHour);
  assert.deepEqual([runs.calls, runs.hits, runs.hitRatio, runs.flowRuns], [6, 2, 2 / 6, 2]);
  assert.ok(runs.savedMs >= 0 && runs.computeMs >= runs.savedMs);
  const reports: RunStats = runs.tasks['Forecasts.report']; // the same counts, per task
  assert.deepEqual([reports.calls, reports.hits], [4, 2]);
  // Task runs of subflows beyond `runHistoryDetail` are kept by state only: they count under SUBFLOW_TASK_RUNS.
  assert.equal(Object.hasOwn(runs.tasks, SUBFLOW_TASK_RUNS), false);
  // The same sums over flow runs of your choosing (a page of `flowRuns`, one hour's...): a RunStatsTally.
  const tally = new RunStatsTally();
  for (const flowRun of (await inspector.flowRuns({ limit: 2 })).flowRuns) tally.addFlowRun(flowRun);
  assert.deepEqual([tally.flowRuns, tally.summary().calls, tally.summary().hits], [2, 6, 2]);
  assert.equal((await inspector.stats({ since: new Date(Date.now() + 60_000) })).runs.calls, 0);
  // Counts and durations read from the history count as `storedAmount` reads them: anything but a finite number
  // ≥ 0 for nothing, and at most MAX_STORED_AMOUNT each, so no sum of planted ones is Infinity.
  assert.deepEqual([storedAmount('5'), storedAmount(-1), storedAmount(1e308)], [0, 0, MAX_STORED_AMOUNT]);
  // Objects no engine wrote (an S3 console's folder marker `archive/`) are skipped, named and left alone, never a
  // failure: results count them in `foreign`, and `onForeign` hears of them page by page.
  const skipped = new ForeignObjectTally(); // keeps the count and the first 20 names
  const dryRun: PruneResult = await inspector.prune({ dryRun: true, onForeign: (names) => skipped.add(names) });
  const foreign: ForeignObjects = dryRun.foreign;
  assert.deepEqual(dryRun.keys, ['weather/north', 'weather/south']);
  assert.deepEqual(
    [foreign, skipped.summary()],
    [
      { count: 0, names: [] },
      { count: 0, names: [] },
    ],
  );
  assert.equal((await inspector.prune()).keys.length, 2);
  assert.deepEqual(await inspector.invalidate({ task: 'Forecasts.report' }), ['report/north', 'report/south']);
  assert.equal((await inspector.stats()).count, 0);
}
