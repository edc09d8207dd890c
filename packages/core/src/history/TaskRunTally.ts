import type { TaskRunState } from '../events/runEvents';
import type { TaskRunAggregate } from './RunHistory';

/** Counters of one task's runs beyond those kept in detail: counting a run allocates nothing. */
class TaskCounters {
  count = 0;
  // Null prototypes: the keys are names, and a name such as `__proto__` must stay an ordinary entry.
  readonly states: Partial<Record<TaskRunState, number>> = Object.create(null);
  readonly cacheMisses: Record<string, number> = Object.create(null);
  totalDurationMs = 0;
  minDurationMs = Infinity;
  maxDurationMs = 0;
  computeMs = 0;
  savedMs = 0;

  constructor(readonly taskName: string) {}
}

/** The task runs of a flow run that are not kept in detail, counted per task (as many entries as tasks). */
export class TaskRunTally {
  private readonly tasks = new Map<string, TaskCounters>();

  add(
    taskName: string,
    state: TaskRunState,
    durationMs: number,
    cacheMiss: string | undefined,
    savedMs: number | undefined,
  ): void {
    let task = this.tasks.get(taskName);
    if (task === undefined) this.tasks.set(taskName, (task = new TaskCounters(taskName)));
    task.count++;
    task.states[state] = (task.states[state] ?? 0) + 1;
    if (cacheMiss !== undefined) task.cacheMisses[cacheMiss] = (task.cacheMisses[cacheMiss] ?? 0) + 1;
    task.totalDurationMs += durationMs;
    if (durationMs < task.minDurationMs) task.minDurationMs = durationMs;
    if (durationMs > task.maxDurationMs) task.maxDurationMs = durationMs;
    if (state === 'Cached') task.savedMs += savedMs ?? 0;
    else task.computeMs += durationMs;
  }

  /** A counted run that completed was rolled back afterwards: it moves from `Completed` to `RolledBack`. */
  rollBack(taskName: string): boolean {
    const task = this.tasks.get(taskName);
    if (task === undefined || (task.states.Completed ?? 0) === 0) return false;
    task.states.Completed! -= 1;
    if (task.states.Completed === 0) delete task.states.Completed;
    task.states.RolledBack = (task.states.RolledBack ?? 0) + 1;
    return true;
  }

  /** The runs counted, by state, all tasks together. */
  states(): Partial<Record<TaskRunState, number>> {
    const states: Partial<Record<TaskRunState, number>> = Object.create(null);
    for (const task of this.tasks.values()) {
      for (const [state, count] of Object.entries(task.states) as [TaskRunState, number][]) {
        states[state] = (states[state] ?? 0) + count;
      }
    }
    return states;
  }

  summaries(): TaskRunAggregate[] {
    return [...this.tasks.values()].map((task) => ({
      taskName: task.taskName,
      count: task.count,
      states: { ...task.states },
      cacheMisses: { ...task.cacheMisses },
      totalDurationMs: task.totalDurationMs,
      minDurationMs: task.minDurationMs,
      maxDurationMs: task.maxDurationMs,
      computeMs: task.computeMs,
      savedMs: task.savedMs,
    }));
  }
}
