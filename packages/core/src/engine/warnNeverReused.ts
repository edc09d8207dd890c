import type { TaskCall } from './TaskCall';

/**
 * Warns once per task when a call can never reuse a result: outside any flow, a policy with RUN_ID (the default
 * one included) keys each call by the call's own run id, so no later call has its key. Left to the miss path:
 * such a call always misses, and a task that can hit costs nothing more.
 */
export function warnNeverReused(call: TaskCall): void {
  const { engine, task } = call;
  if (call.taskRun.flowRun !== undefined || !task.keyRecipe.keyedByRunId) return;
  const policy =
    task.cachePolicy === undefined ? 'the default cache policy' : `its cache policy (${String(task.cachePolicy)})`;
  engine.warnOnce(
    `never-reused:${task.name}`,
    `${task.name} is called outside any @Flow and never reuses a result: ${policy} includes the run id (RUN_ID), ` +
      'and outside a flow each call is a run of its own. To reuse results across calls, give the task cacheKeyFn: ' +
      'taskInputHash (or a cachePolicy without RUN_ID, e.g. INPUTS.add(TASK_SOURCE)), or call it inside a @Flow.',
  );
}
