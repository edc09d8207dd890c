import type { TaskRunState } from '../events/runEvents';
import type { FlowRunSummary } from './RunHistory';
import { storedAmount as amount } from './storedAmount';

/** What task runs did, for one task or all together: see `CacheInspector.stats`. */
export interface RunStats {
  /** Task runs recorded. */
  readonly calls: number;
  /** Of those, the ones that returned a result they did not compute (state `Cached`). */
  readonly hits: number;
  /** `hits / calls`, or `null` when there were no calls. */
  readonly hitRatio: number | null;
  /** Time spent in the runs that ran their body (every state but `Cached`), in milliseconds. */
  readonly computeMs: number;
  /**
   * Compute time the hits spared: for each hit, how long the body took to compute the result it returned, in
   * milliseconds. Hits recorded before flowcache kept this count for nothing.
   */
  readonly savedMs: number;
}

/**
 * The name under which `RunStatsTally` counts the task runs of subflows beyond the run history's detail budget:
 * the history keeps them by state only, without their task's name or durations.
 */
export const SUBFLOW_TASK_RUNS = '(task runs of counted subflows)';

class Counts {
  calls = 0;
  hits = 0;
  computeMs = 0;
  savedMs = 0;

  add(calls: number, hits: number, computeMs: number, savedMs: number): void {
    this.calls += calls;
    this.hits += hits;
    this.computeMs += computeMs;
    this.savedMs += savedMs;
  }

  summary(): RunStats {
    const { calls, hits, computeMs, savedMs } = this;
    return { calls, hits, hitRatio: calls === 0 ? null : hits / calls, computeMs, savedMs };
  }
}

/**
 * Adds up what the task runs of flow runs did, per task and in all. The history is stored text: a count or a
 * duration that is not a finite number ≥ 0 (planted, or from a broken writer) counts for nothing, and one beyond
 * `MAX_STORED_AMOUNT` for that much, so a sum is never `NaN`, infinite or negative.
 */
export class RunStatsTally {
  private readonly total = new Counts();
  private readonly tasks = new Map<string, Counts>();
  private flowRunCount = 0;

  /** Adds a top-level flow run: its task runs, those kept in detail and those counted, and its subflows'. */
  addFlowRun(run: FlowRunSummary): void {
    this.flowRunCount++;
    this.addTaskRuns(run);
  }

  get flowRuns(): number {
    return this.flowRunCount;
  }

  summary(): RunStats & { readonly tasks: Readonly<Record<string, RunStats>> } {
    // Keyed by task names read from the store: a null prototype keeps a planted `__proto__` an ordinary row.
    const tasks: Record<string, RunStats> = Object.create(null);
    for (const [name, counts] of this.tasks) tasks[name] = counts.summary();
    return { ...this.total.summary(), tasks };
  }

  private addTaskRuns(run: FlowRunSummary): void {
    for (const taskRun of run.taskRuns) {
      const hit = taskRun.state === 'Cached';
      this.add(
        taskRun.taskName,
        1,
        hit ? 1 : 0,
        hit ? 0 : amount(taskRun.durationMs),
        hit ? amount(taskRun.savedMs) : 0,
      );
    }
    for (const task of run.moreTaskRuns) {
      const computeMs = task.computeMs === undefined ? amount(task.totalDurationMs) : amount(task.computeMs);
      this.add(task.taskName, amount(task.count), stateCount(task.states, 'Cached'), computeMs, amount(task.savedMs));
    }
    for (const subflows of run.moreSubflows) {
      const states = subflows.taskRunStates;
      const calls = Object.values(states).reduce((sum: number, count) => sum + amount(count), 0);
      if (calls > 0) this.add(SUBFLOW_TASK_RUNS, calls, stateCount(states, 'Cached'), 0, 0);
    }
    for (const subflow of run.subflows) this.addTaskRuns(subflow);
  }

  private add(taskName: string, calls: number, counted: number, computeMs: number, savedMs: number): void {
    const hits = Math.min(counted, calls);
    let task = this.tasks.get(taskName);
    if (task === undefined) this.tasks.set(taskName, (task = new Counts()));
    task.add(calls, hits, computeMs, savedMs);
    this.total.add(calls, hits, computeMs, savedMs);
  }
}

function stateCount(states: Readonly<Partial<Record<TaskRunState, number>>>, state: TaskRunState): number {
  return amount(Object.hasOwn(states, state) ? states[state] : 0);
}
