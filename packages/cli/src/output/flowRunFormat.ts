import type { FlowRunSummary, TaskRunState } from '@flowcache/core';

/** The task runs of a flow run and of all its subflows, by state: what the run did, in one object. */
export function countTaskRuns(run: FlowRunSummary): Partial<Record<TaskRunState, number>> {
  const counts: Partial<Record<TaskRunState, number>> = {};
  const add = (flowRun: FlowRunSummary): void => {
    for (const taskRun of flowRun.taskRuns) counts[taskRun.state] = (counts[taskRun.state] ?? 0) + 1;
    flowRun.subflows.forEach(add);
  };
  add(run);
  return counts;
}

/** `2 Completed, 1 Cached, 1 Failed`, states in the order a run goes through them; `none` for no task runs. */
export function formatTaskCounts(counts: Partial<Record<TaskRunState, number>>): string {
  const order: TaskRunState[] = ['Completed', 'Cached', 'Failed', 'RolledBack'];
  const known = new Set<string>(order);
  const states = [...order, ...(Object.keys(counts) as TaskRunState[]).filter((state) => !known.has(state))];
  const parts = states.filter((state) => (counts[state] ?? 0) > 0).map((state) => `${counts[state]} ${state}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}
