import { formatCount } from '../shared/countedRuns';
import { countsInOrder, type TaskRunCounts } from '../shared/countTaskRuns';

/** `2 Completed, 1 Cached, 1 Failed`, states in a fixed order; `none` for no task runs. */
export function formatTaskCounts(counts: TaskRunCounts): string {
  const parts = countsInOrder(counts).map(([state, count]) => `${formatCount(count)} ${state}`);
  return parts.length === 0 ? 'none' : parts.join(', ');
}
