import { errorMessage } from '../errors/errorMessage';
import type { FlowRunEvent, TaskRunEvent, TaskRunState } from '../events/runEvents';
import { previewValue } from './previewValue';
import type { FlowRunSummary, TaskRunSummary } from './RunHistory';
import { SubflowRunTally } from './SubflowRunTally';
import { TaskRunTally } from './TaskRunTally';

/** How many more task runs and subflow runs a top-level flow run (its subflows included) keeps in detail. */
interface DetailBudget {
  taskRuns: number;
  subflows: number;
}

let flowRunsStarted = 0;

/**
 * The task runs and subflow runs of a flow run being recorded for its run history: the first ones in detail, the
 * rest counted. A subflow shares its top-level run's budget of detailed entries; once it is spent, subflows and
 * task runs are only counted. A hit that repeats one already kept in detail (same task, same key, in this flow
 * run) tells nothing new: it is counted, so a loop of hits costs a counter per call, not an object.
 */
export class FlowRunRecording {
  /** The flow runs this process started before this one: orders runs that started in the same millisecond. */
  readonly sequence = flowRunsStarted++;
  private readonly taskRuns: TaskRunSummary[] = [];
  /** Where each detailed task run is in `taskRuns`, to mark it rolled back. */
  private readonly taskRunIndexes = new Map<string, number>();
  private readonly subflows: FlowRunSummary[] = [];
  private readonly moreTaskRuns = new TaskRunTally();
  private readonly moreSubflows = new SubflowRunTally();
  /** The keys of the hits kept in detail, with their task's name; as many as the detail budget at most. */
  private readonly hitsInDetail = new Map<string, string>();

  private constructor(
    /** Shared by the top-level flow run and all its subflows. */
    private readonly budget: DetailBudget,
    /** Whether this flow run is kept in detail (a top-level run always is); if not, all its task runs are counted. */
    private readonly detailed: boolean,
  ) {}

  /** Starts recording a flow run, a subflow of the run `parent` records when given. */
  static start(parent: FlowRunRecording | undefined, detail: number): FlowRunRecording {
    if (parent === undefined) return new FlowRunRecording({ taskRuns: detail, subflows: detail }, true);
    const detailed = parent.detailed && parent.budget.subflows > 0;
    if (detailed) parent.budget.subflows--;
    return new FlowRunRecording(parent.budget, detailed);
  }

  /**
   * Whether the next task run will only be counted (the detail budget is spent, or it repeats a hit kept in
   * detail): then `count` records it without an event being built. A rollback needs the event: it may undo a run
   * kept in detail.
   */
  onlyCounts(taskName: string, state: TaskRunState, cacheKey: string | undefined): boolean {
    return state !== 'RolledBack' && (!this.keepsInDetail() || this.repeatsHit(taskName, state, cacheKey));
  }

  /** Counts a task run beyond the detail budget: a few counters, no object. */
  count(
    taskName: string,
    state: TaskRunState,
    durationMs: number,
    cacheMiss: string | undefined,
    savedMs: number | undefined,
  ): void {
    this.moreTaskRuns.add(taskName, state, durationMs, cacheMiss, savedMs);
  }

  /**
   * Adds a settled task run, in detail while the budget lasts, else counted. A run rolled back after it completed
   * keeps one entry, whose state becomes `RolledBack`.
   */
  record(event: TaskRunEvent): void {
    if (event.state === 'RolledBack') {
      const index = this.taskRunIndexes.get(event.taskRunId);
      if (index !== undefined) {
        this.taskRuns[index] = { ...this.taskRuns[index], state: 'RolledBack' };
        return;
      }
      if (this.moreTaskRuns.rollBack(event.taskName)) return;
    }
    if (!this.keepsInDetail() || this.repeatsHit(event.taskName, event.state, event.cacheKey)) {
      this.count(event.taskName, event.state, event.durationMs, event.cacheMiss?.reason, event.savedMs);
      return;
    }
    this.budget.taskRuns--;
    if (event.state === 'Cached' && event.cacheKey !== undefined) this.hitsInDetail.set(event.cacheKey, event.taskName);
    this.taskRunIndexes.set(event.taskRunId, this.taskRuns.length);
    this.taskRuns.push({
      taskRunId: event.taskRunId,
      taskName: event.taskName,
      state: event.state,
      cacheKey: event.cacheKey ?? null,
      startedAt: event.startedAt.toISOString(),
      endedAt: event.endedAt.toISOString(),
      durationMs: event.durationMs,
      attempts: event.attempts,
      cacheMiss: event.cacheMiss?.reason ?? null,
      error: event.state === 'Failed' ? errorMessage(event.error) : null,
      ...(event.savedMs === undefined ? {} : { savedMs: event.savedMs }),
    });
  }

  /**
   * Ends the recording with the flow run's event. A subflow joins `parent`'s recording (in detail, or counted with
   * the subflows it started) and gives `undefined`; a top-level run gives its summary, to be written.
   */
  finish(event: FlowRunEvent, parent: FlowRunRecording | undefined): FlowRunSummary | undefined {
    const summary: FlowRunSummary = {
      flowRunId: event.flowRunId,
      flowName: event.flowName,
      state: event.state,
      parameters: Object.fromEntries(
        Object.entries(event.parameters).map(([name, value]) => [name, previewValue(value)]),
      ),
      startedAt: event.startedAt.toISOString(),
      endedAt: event.endedAt.toISOString(),
      durationMs: event.durationMs,
      attempts: event.attempts,
      error: event.state === 'Failed' ? errorMessage(event.error) : null,
      taskRuns: this.taskRuns,
      subflows: this.subflows,
      moreTaskRuns: this.moreTaskRuns.summaries(),
      moreSubflows: this.moreSubflows.summaries(),
    };
    if (parent === undefined) return summary;
    if (this.detailed) {
      parent.subflows.push(summary);
    } else {
      // Counted, with the subflows it started (counted too: a subflow of a counted one is never kept in detail).
      parent.moreSubflows.add(event.flowName, event.state, event.durationMs, this.moreTaskRuns.states());
      for (const subflows of summary.moreSubflows) parent.moreSubflows.merge(subflows);
    }
    return undefined;
  }

  private repeatsHit(taskName: string, state: TaskRunState, cacheKey: string | undefined): boolean {
    return state === 'Cached' && cacheKey !== undefined && this.hitsInDetail.get(cacheKey) === taskName;
  }

  private keepsInDetail(): boolean {
    return this.detailed && this.budget.taskRuns > 0;
  }
}
