import { storedAmount, type SubflowRunAggregate, type TaskRunAggregate } from '@flowcache/core/records';
import { countsInOrder, type TaskRunCounts } from './countTaskRuns';
import { formatDuration } from './formatValues';

// How the commands and the web UI word the runs a flow run's history counted instead of keeping in detail
// (beyond the `runHistoryDetail` setting): one set of functions, so both say the same.

/** `998 000`: a count with its thousands apart, as the counts of a busy flow run are read. */
export function formatCount(count: number): string {
  // Only a number's few digits are grouped: grouping a long digit string (stored text) would take quadratic time.
  if (typeof count !== 'number') return '?';
  return String(count).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
}

/** `and 998 000 more: 997 990 Cached, 10 Completed`. */
export function describeMore(count: number, states: TaskRunCounts | Readonly<Record<string, number>>): string {
  const parts = countsInOrder(states as TaskRunCounts).map(([state, n]) => `${formatCount(n)} ${state}`);
  return `and ${formatCount(count)} more${parts.length === 0 ? '' : `: ${parts.join(', ')}`}`;
}

/** `10 absent, 2 expired`: why counted runs ran their body; empty when none did. */
export function describeMisses(task: TaskRunAggregate): string {
  return countedMisses(task)
    .map(([reason, count]) => `${formatCount(count)} ${reason}`)
    .join(', ');
}

/** The cache-miss reasons of counted runs with their counts, read as stored numbers (`storedAmount`); none at 0. */
export function countedMisses(task: TaskRunAggregate): [string, number][] {
  return Object.entries(task.cacheMisses)
    .map(([reason, count]): [string, number] => [reason, storedAmount(count)])
    .filter(([, count]) => count > 0);
}

/** `1.2 s in all, 0 ms to 3 ms each`. */
export function describeDurations(counted: TaskRunAggregate | SubflowRunAggregate): string {
  return (
    `${formatDuration(counted.totalDurationMs)} in all, ` +
    `${formatDuration(counted.minDurationMs)} to ${formatDuration(counted.maxDurationMs)} each`
  );
}
