import type { SubflowRunAggregate, TaskRunAggregate } from '@flowcache/core/records';
import { formatTaskCounts } from '../../output/flowRunFormat';
import { countedMisses, describeDurations, describeMore, formatCount } from '../../shared/countedRuns';
import { html } from '../html';
import { cacheMissReason } from './cacheMissReason';

/**
 * The task runs a flow run's history counted instead of keeping in detail (beyond `runHistoryDetail`), one row
 * per task, worded as `flowcache run` words them: "and 998 000 more: 997 990 Cached, 10 Completed".
 */
export function moreTaskRunsTable(tasks: readonly TaskRunAggregate[]) {
  const rows = tasks.map((task) => {
    const misses = countedMisses(task).map(([reason, count]) => `${formatCount(count)} ${cacheMissReason(reason)}`);
    return html`<tr>
<td>${task.taskName}</td>
<td>${describeMore(task.count, task.states)}</td>
<td>${misses.join(', ')}</td>
<td>${describeDurations(task)}</td>
</tr>`;
  });
  return html`<p class="muted">Task runs beyond the first ones are counted, not kept one by one \
(setting <code>runHistoryDetail</code>).</p>
<table id="more-task-runs">
<thead><tr><th>Task</th><th>Counted runs</th><th>Why they ran</th><th>Duration</th></tr></thead>
<tbody>${rows}</tbody>
</table>`;
}

/** Rows of the Subflows table for the subflow runs counted instead of kept in detail, one per flow. */
export function moreSubflowRows(flows: readonly SubflowRunAggregate[]) {
  return flows.map(
    (flow) => html`<tr class="counted">
<td>${flow.flowName}</td>
<td>${describeMore(flow.count, flow.states)}</td>
<td>${describeDurations(flow)}</td>
<td>${formatTaskCounts(flow.taskRunStates)}</td>
</tr>`,
  );
}
