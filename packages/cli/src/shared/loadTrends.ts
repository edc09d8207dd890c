import type { CacheInspector } from '@flowcache/core/records';
import { type TrendPeriod, TrendTally } from './trendBuckets';

// Flow runs read per page: a page's documents are read two at a time (see CacheInspector.flowRuns).
const FLOW_RUNS_PAGE = 100;

/**
 * The trends of a period, read from a store: the flow runs of the run history, newest first, until a page holds
 * only flow runs that started before the period (history keys sort by start time, so the rest are older still),
 * then every record stored now. Returns the tally, for its buckets and the task names it saw.
 */
export async function loadTrends(inspector: CacheInspector, period: TrendPeriod): Promise<TrendTally> {
  const tally = new TrendTally(period);
  let cursor: string | undefined;
  do {
    const page = await inspector.flowRuns({ limit: FLOW_RUNS_PAGE, cursor });
    // Only a page all of whose dated runs are older ends the walk: one planted document cannot hide the others.
    let newest = -Infinity;
    for (const run of page.flowRuns) {
      tally.addFlowRun(run);
      const startedAt = Date.parse(run.startedAt);
      if (Number.isFinite(startedAt)) newest = Math.max(newest, startedAt);
    }
    if (newest !== -Infinity && newest < period.since) break;
    cursor = page.cursor;
  } while (cursor !== undefined);
  for await (const record of inspector.records()) tally.addRecord(record);
  return tally;
}
