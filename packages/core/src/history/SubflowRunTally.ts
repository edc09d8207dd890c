import type { FlowRunState, TaskRunState } from '../events/runEvents';
import type { SubflowRunAggregate } from './RunHistory';

type Mutable<T> = { -readonly [K in keyof T]: T[K] extends object ? { -readonly [P in keyof T[K]]: T[K][P] } : T[K] };

/** The subflow runs of a flow run that are not kept in detail, counted per flow (as many entries as flows). */
export class SubflowRunTally {
  private readonly flows = new Map<string, Mutable<SubflowRunAggregate>>();

  /** Counts one subflow run, with its own task runs by state. */
  add(
    flowName: string,
    state: FlowRunState,
    durationMs: number,
    taskRunStates: Partial<Record<TaskRunState, number>>,
  ): void {
    this.merge({
      flowName,
      count: 1,
      states: countsOf({ [state]: 1 }),
      totalDurationMs: durationMs,
      minDurationMs: durationMs,
      maxDurationMs: durationMs,
      taskRunStates,
    });
  }

  /** Adds counts made elsewhere: those of the subflows a counted subflow started. */
  merge(counted: SubflowRunAggregate): void {
    const flow = this.flows.get(counted.flowName);
    if (flow === undefined) {
      this.flows.set(counted.flowName, {
        ...counted,
        states: countsOf(counted.states),
        taskRunStates: countsOf(counted.taskRunStates),
      });
      return;
    }
    flow.count += counted.count;
    addCounts(flow.states, counted.states);
    addCounts(flow.taskRunStates, counted.taskRunStates);
    flow.totalDurationMs += counted.totalDurationMs;
    flow.minDurationMs = Math.min(flow.minDurationMs, counted.minDurationMs);
    flow.maxDurationMs = Math.max(flow.maxDurationMs, counted.maxDurationMs);
  }

  summaries(): SubflowRunAggregate[] {
    return [...this.flows.values()];
  }
}

function addCounts<State extends string>(
  into: Partial<Record<State, number>>,
  counts: Readonly<Partial<Record<State, number>>>,
): void {
  for (const [state, count] of Object.entries(counts) as [State, number][]) into[state] = (into[state] ?? 0) + count;
}

/** A copy of counts by name in a null-prototype object: adding to a `__proto__` entry must not reach a prototype. */
function countsOf<State extends string>(
  counts: Readonly<Partial<Record<State, number>>>,
): Partial<Record<State, number>> {
  return Object.assign(Object.create(null) as Partial<Record<State, number>>, counts);
}
