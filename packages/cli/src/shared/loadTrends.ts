import type { CacheInspector } from '@flowcache/core/records';
import { type TrendPeriod, TrendTally } from './trendBuckets';

// Flow runs read per page: a page's documents are read two at a time (see CacheInspector.flowRuns).
const FLOW_RUNS_PAGE = 100;

/**
 * The trends of a period, read from a store: the flow runs of the run history that started in it, as
 * `CacheInspector.flowRuns({ since })` lists them (newest first by key, up to the first key older than the period:
 * a planted document claiming an old start cannot end the walk early), then every record stored now. Returns the
 * tally, for its buckets and the task names it saw.
 */
export async function loadTrends(inspector: CacheInspector, period: TrendPeriod): Promise<TrendTally> {
  const tally = new TrendTally(period);
  const since = new Date(period.since);
  let cursor: string | undefined;
  do {
    const page = await inspector.flowRuns({ limit: FLOW_RUNS_PAGE, cursor, since });
    for (const run of page.flowRuns) tally.addFlowRun(run);
    cursor = page.cursor;
  } while (cursor !== undefined);
  for await (const record of inspector.records()) tally.addRecord(record);
  return tally;
}
