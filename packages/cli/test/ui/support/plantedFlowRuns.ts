import type { ResultStorage } from '@flowcache/core';
import type { FlowRunSummary } from '@flowcache/core/records';
import { encodeRunHistory, runHistoryKey } from '../../../../core/src/history/RunHistory';

/** One flow run to plant: when it started, and any field of its history to set (the rest are plain defaults). */
export type PlantedFlowRun = Partial<Omit<FlowRunSummary, 'startedAt'>> & {
  readonly flowRunId: string;
  readonly startedAt: Date;
};

/**
 * Writes run-history documents as the engine does (same encoding, same keys: newest first), many at once: for
 * pages that need thousands of runs, or runs at chosen times, faster than running real flows. Returns the keys.
 */
export async function plantFlowRuns(storage: ResultStorage, runs: readonly PlantedFlowRun[]): Promise<string[]> {
  const keys: string[] = [];
  for (let start = 0; start < runs.length; start += 32) {
    const batch = runs.slice(start, start + 32).map((run, index) => {
      const key = runHistoryKey(run.flowRunId, run.startedAt, start + index);
      keys.push(key);
      return storage.put(key, encodeRunHistory(summaryOf(run)));
    });
    await Promise.all(batch);
  }
  return keys;
}

function summaryOf({ startedAt, ...run }: PlantedFlowRun): FlowRunSummary {
  const durationMs = run.durationMs ?? 1000;
  return {
    flowName: 'Planted.flow',
    state: 'Completed',
    parameters: {},
    endedAt: new Date(startedAt.getTime() + durationMs).toISOString(),
    durationMs,
    attempts: 1,
    error: run.state === 'Failed' ? 'planted failure' : null,
    taskRuns: [],
    subflows: [],
    moreTaskRuns: [],
    moreSubflows: [],
    ...run,
    startedAt: startedAt.toISOString(),
  };
}
