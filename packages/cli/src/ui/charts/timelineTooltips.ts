import type { FlowRunSummary, TaskRunSummary } from '@flowcache/core/records';
import { formatCount } from '../../shared/countedRuns';
import { formatDuration } from '../../shared/formatValues';
import { cacheMissReason } from '../parts/cacheMissReason';
import { type CountedRunGroup, inStateOrder, readCount } from './countedRunGroups';
import type { RunTimes } from './runTimes';

// The tooltips of a timeline's bars: plain text, one fact a line (the page escapes it as any other text).

/** A task run: its full name, state, duration, when it ran in the flow run, its cache key and why it ran. */
export function taskRunTooltip(taskRun: TaskRunSummary, times: RunTimes): string {
  const lines = [
    taskRun.taskName,
    `${taskRun.state} in ${formatDuration(taskRun.durationMs)}, ` +
      `${formatDuration(times.start)} after the flow run started`,
    `cache key: ${taskRun.cacheKey ?? 'none (not cached)'}`,
  ];
  const why = whyItRan(taskRun);
  if (why !== undefined) lines.push(why);
  if (taskRun.error !== null) lines.push(`error: ${shorten(taskRun.error, 200)}`);
  return lines.join('\n');
}

/** A subflow run: its name, state, duration and its task runs by state. */
export function subflowTooltip(flowRun: FlowRunSummary): string {
  const taskRuns = describeStates(taskRunStatesOf(flowRun));
  return [
    `${flowRun.flowName} (subflow run)`,
    `${flowRun.state} in ${formatDuration(flowRun.durationMs)}`,
    `task runs: ${taskRuns === '' ? 'none' : taskRuns}`,
  ].join('\n');
}

/** Runs counted, not drawn: how many of which task (or flow), by state. */
export function countedTooltip(group: CountedRunGroup, label: string): string {
  const lines = [label, `by state: ${describeStates(group.states)}`];
  if (group.kind === 'flow' && group.taskRunStates.length > 0)
    lines.push(`their task runs: ${describeStates(group.taskRunStates)}`);
  lines.push('counted, not kept one by one: not on the time axis');
  return lines.join('\n');
}

/** `12 Completed, 1 199 Cached`. */
export function describeStates(states: readonly (readonly [string, number])[]): string {
  return states.map(([state, count]) => `${formatCount(count)} ${state}`).join(', ');
}

/** A name cut to `length` characters with an ellipsis; characters, not UTF-16 halves, are counted. */
export function shorten(text: string, length: number): string {
  const characters = Array.from(text.slice(0, 2 * length + 2));
  return characters.length <= length ? text : `${characters.slice(0, length - 1).join('')}…`;
}

function whyItRan(taskRun: TaskRunSummary): string | undefined {
  if (taskRun.state === 'Cached') return 'served from the cache: the body did not run';
  if (taskRun.cacheMiss !== null) return `why it ran: ${cacheMissReason(taskRun.cacheMiss)}`;
  return undefined;
}

// The task runs of a flow run and its subflows by state, known states in their order; counts read as hostile.
function taskRunStatesOf(flowRun: FlowRunSummary): [string, number][] {
  const counts = new Map<string, number>();
  const add = (state: string, value: unknown) => {
    const count = readCount(value);
    if (count > 0) counts.set(state, (counts.get(state) ?? 0) + count);
  };
  const walk = (run: FlowRunSummary): void => {
    for (const taskRun of run.taskRuns) add(taskRun.state, 1);
    for (const task of run.moreTaskRuns) for (const [state, count] of Object.entries(task.states)) add(state, count);
    for (const flow of run.moreSubflows)
      for (const [state, count] of Object.entries(flow.taskRunStates)) add(state, count);
    run.subflows.forEach(walk);
  };
  walk(flowRun);
  return inStateOrder(counts);
}
