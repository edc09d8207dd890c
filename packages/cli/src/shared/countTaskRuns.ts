import type { TaskRunState } from '@flowcache/core';
import { type FlowRunSummary, storedAmount } from '@flowcache/core/records';

export type TaskRunCounts = Partial<Record<TaskRunState, number>>;

/** The order states are shown in everywhere: results first (computed, then reused), then failed and undone work. */
const STATE_ORDER: readonly TaskRunState[] = ['Completed', 'Cached', 'Failed', 'RolledBack'];

/**
 * The task runs of a flow run and of all its subflows, by state, states in the fixed order: what the run did, in
 * one object, those kept in detail and those only counted (beyond `runHistoryDetail`) together. `flowcache runs`
 * and the UI's flow run pages both count with this, so they always agree. Counts are stored numbers, read as core's
 * tally reads them (`storedAmount`): a planted `"5"` or `-1` counts for nothing, a `1e308` for a finite amount.
 */
export function countTaskRuns(run: FlowRunSummary): TaskRunCounts {
  // States are read from stored history: a null prototype keeps a planted `__proto__` state an ordinary count.
  const counts: TaskRunCounts = Object.create(null);
  const addCounts = (states: TaskRunCounts): void => {
    for (const [state, count] of Object.entries(states) as [TaskRunState, unknown][])
      counts[state] = (counts[state] ?? 0) + storedAmount(count);
  };
  const add = (flowRun: FlowRunSummary): void => {
    for (const taskRun of flowRun.taskRuns) counts[taskRun.state] = (counts[taskRun.state] ?? 0) + 1;
    for (const task of flowRun.moreTaskRuns) addCounts(task.states);
    for (const subflows of flowRun.moreSubflows) addCounts(subflows.taskRunStates);
    flowRun.subflows.forEach(add);
  };
  add(run);
  return Object.fromEntries(countsInOrder(counts));
}

/**
 * The non-zero counts as `[state, count]` in the fixed order; a state this version does not know comes last. The
 * counts may come straight from stored history (an aggregate's `states`): they are read as `storedAmount` reads
 * them, so a planted `"111…"` is no count, never a string to format.
 */
export function countsInOrder(counts: TaskRunCounts): [TaskRunState, number][] {
  const known = new Set<string>(STATE_ORDER);
  const states = [...STATE_ORDER, ...(Object.keys(counts) as TaskRunState[]).filter((state) => !known.has(state))];
  return states
    .map((state): [TaskRunState, number] => [state, Object.hasOwn(counts, state) ? storedAmount(counts[state]) : 0])
    .filter(([, count]) => count > 0);
}

/** The subflow runs a flow run started, those kept in detail and those only counted (counts read as above). */
export function countSubflows(run: FlowRunSummary): number {
  return run.subflows.length + run.moreSubflows.reduce((sum, subflows) => sum + storedAmount(subflows.count), 0);
}
