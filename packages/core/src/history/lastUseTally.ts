import type { FlowRunSummary } from './RunHistory';

/**
 * When runs last used each of a set of records: the latest `endedAt` of a task run kept in the run history with
 * the record's key as its cache key and state `Cached` (it returned the record) or `Completed` (it wrote it).
 * Only the keys asked about are tracked, so memory stays one entry per record asked about, whatever the history
 * holds; task runs counted only in aggregates (beyond `runHistoryDetail`) carry no key and are not seen.
 */
export class LastUseTally {
  private readonly latest = new Map<string, number>();

  constructor(private readonly keys: ReadonlySet<string>) {}

  /** Adds the task runs of one flow run and of its subflows (nested at most `MAX_SUBFLOW_DEPTH` deep, once read). */
  addFlowRun(run: FlowRunSummary): void {
    for (const taskRun of run.taskRuns) {
      if (taskRun.cacheKey === null || !this.keys.has(taskRun.cacheKey)) continue;
      if (taskRun.state !== 'Cached' && taskRun.state !== 'Completed') continue;
      // A time that is not one (a damaged or planted history) is skipped, never a NaN shown or sorted.
      const endedAt = Date.parse(taskRun.endedAt);
      if (!Number.isFinite(endedAt)) continue;
      if (!(endedAt <= (this.latest.get(taskRun.cacheKey) ?? -Infinity))) this.latest.set(taskRun.cacheKey, endedAt);
    }
    for (const subflow of run.subflows) this.addFlowRun(subflow);
  }

  /** The last use of each key a run used, in milliseconds; keys no run used are absent. */
  get lastUses(): ReadonlyMap<string, number> {
    return this.latest;
  }
}
