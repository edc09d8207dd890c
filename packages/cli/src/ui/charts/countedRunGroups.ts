import { storedAmount } from '@flowcache/core/records';
import { STATE_ORDER } from './stateColors';

/** Runs a chart counts instead of drawing on its time axis, by task (or flow) name, with their states. */
export interface CountedRunGroup {
  readonly kind: 'task' | 'flow';
  /** The task's or flow's name; for the group gathering what is beyond the chart's rows of groups, `undefined`. */
  readonly name: string | undefined;
  /** How many runs, and for the gathering group how many tasks or flows they are runs of. */
  readonly count: number;
  readonly names: number;
  /** `[state, count]` with counts above zero, in the order charts list states. */
  readonly states: readonly (readonly [string, number])[];
  /** For flows: their task runs, by state. */
  readonly taskRunStates: readonly (readonly [string, number])[];
}

/** A count read from the run history, as core reads it (see `storedAmount`), and whole: it is drawn as runs. */
export function readCount(value: unknown): number {
  return Math.floor(storedAmount(value));
}

interface Group {
  count: number;
  states: Map<string, number>;
  taskRunStates: Map<string, number>;
}

/**
 * Counts runs by task (or flow) name, in the order names are first met. Maps, not objects: a task named
 * `__proto__` is a name like any other.
 */
export class CountedRunGroups {
  private readonly tasks = new Map<string, Group>();
  private readonly flows = new Map<string, Group>();
  /** The task runs counted here: of tasks, and of the flows counted. */
  private taskRuns = 0;

  /** Counts task runs of `taskName`: `states` as the run history's aggregates keep them (`{ Cached: 12 }`). */
  addTaskRuns(taskName: string, states: Readonly<Record<string, unknown>>): void {
    this.add(this.tasks, taskName, states, {});
  }

  /** Counts flow runs of `flowName` by state, with their own task runs by state (counted nowhere else). */
  addFlowRuns(
    flowName: string,
    states: Readonly<Record<string, unknown>>,
    taskRunStates: Readonly<Record<string, unknown>>,
  ): void {
    this.add(this.flows, flowName, states, taskRunStates);
  }

  /** How many task runs were counted, those of counted flows included. */
  get taskRunCount(): number {
    return this.taskRuns;
  }

  /**
   * The groups, tasks first, at most `limit`: the ones beyond are gathered in one group per kind (`name`
   * undefined), so a history naming a hundred thousand tasks still draws a bounded chart.
   */
  groups(limit: number): CountedRunGroup[] {
    const all = [...groupsOf('task', this.tasks), ...groupsOf('flow', this.flows)];
    if (all.length <= limit) return all;
    // One row gathers the rest; two when both tasks and flows are beyond.
    let kept = all.slice(0, limit - 1);
    if (all.slice(limit - 1).some((group) => group.kind !== all[all.length - 1].kind)) kept = all.slice(0, limit - 2);
    const beyond = all.slice(kept.length);
    const gathered = (['task', 'flow'] as const).map((kind) =>
      gather(
        kind,
        beyond.filter((g) => g.kind === kind),
      ),
    );
    return [...kept, ...gathered.filter((group): group is CountedRunGroup => group !== undefined)];
  }

  private add(
    groups: Map<string, Group>,
    name: string,
    states: Readonly<Record<string, unknown>>,
    taskRunStates: Readonly<Record<string, unknown>>,
  ): void {
    let group = groups.get(name);
    if (group === undefined) {
      group = { count: 0, states: new Map(), taskRunStates: new Map() };
      groups.set(name, group);
    }
    const runs = addStates(group.states, states);
    const taskRuns = addStates(group.taskRunStates, taskRunStates);
    group.count += runs;
    this.taskRuns += groups === this.tasks ? runs : taskRuns;
  }
}

// Adds each state's count; gives how many runs that was.
function addStates(into: Map<string, number>, states: Readonly<Record<string, unknown>>): number {
  let added = 0;
  for (const [state, value] of Object.entries(states)) {
    const count = readCount(value);
    if (count === 0) continue;
    into.set(state, (into.get(state) ?? 0) + count);
    added += count;
  }
  return added;
}

function groupsOf(kind: 'task' | 'flow', groups: Map<string, Group>): CountedRunGroup[] {
  // A name whose counts were all unreadable counted nothing: no row.
  return [...groups]
    .filter(([, group]) => group.count > 0 || group.taskRunStates.size > 0)
    .map(([name, group]) => ({
      kind,
      name,
      count: group.count,
      names: 1,
      states: inStateOrder(group.states),
      taskRunStates: inStateOrder(group.taskRunStates),
    }));
}

function gather(kind: 'task' | 'flow', groups: readonly CountedRunGroup[]): CountedRunGroup | undefined {
  if (groups.length === 0) return undefined;
  const states = new Map<string, number>();
  const taskRunStates = new Map<string, number>();
  for (const group of groups) {
    for (const [state, count] of group.states) states.set(state, (states.get(state) ?? 0) + count);
    for (const [state, count] of group.taskRunStates) taskRunStates.set(state, (taskRunStates.get(state) ?? 0) + count);
  }
  return {
    kind,
    name: undefined,
    count: groups.reduce((sum, group) => sum + group.count, 0),
    names: groups.length,
    states: inStateOrder(states),
    taskRunStates: inStateOrder(taskRunStates),
  };
}

/** Counts by state as `[state, count]`, in the order charts list states; states this version does not know last. */
export function inStateOrder(counts: ReadonlyMap<string, number>): [string, number][] {
  const rank = (state: string) => {
    const index = (STATE_ORDER as readonly string[]).indexOf(state);
    return index === -1 ? STATE_ORDER.length : index;
  };
  return [...counts].sort(([a], [b]) => rank(a) - rank(b));
}
