import type { FlowRunSummary } from '@flowcache/core';
import { formatDuration } from '../formatting';
import { html, type SafeHtml } from '../html';
import { stateBadge } from '../parts/stateBadge';
import { timeText } from '../parts/timeText';
import { page, type Reply } from '../Reply';
import type { UiContext } from '../UiContext';
import { flowRunsUrl, flowRunUrl, recordsUrl } from '../urls';

const RUNS_PER_PAGE = 25;

/** `/`: the flow runs of the run history, newest first, a page at a time. */
export async function flowRunsPage(context: UiContext, cursor: string | undefined): Promise<Reply> {
  const { flowRuns, cursor: next } = await context.inspector.flowRuns({ limit: RUNS_PER_PAGE, cursor });
  const now = context.now();
  const rows = flowRuns.map(
    (run) => html`<tr>
<td><a href="${flowRunUrl(run.flowRunId)}">${run.flowName}</a></td>
<td>${stateBadge(run.state, run.error ?? undefined)}</td>
<td>${timeText(run.startedAt, now)}</td>
<td>${formatDuration(run.durationMs)}</td>
<td>${taskRunCounts(run)}</td>
</tr>`,
  );
  return page(
    'Flow runs',
    html`<h1>Flow runs</h1>
<p class="muted">Newest first, from the run history kept beside the records. See also the <a href="${recordsUrl()}">cached results</a>.</p>
${
  rows.length === 0
    ? html`<p>No flow run recorded${cursor === undefined ? '' : ' after this point'}. Flows record their runs unless the <code>runHistory</code> setting is off.</p>`
    : html`<table id="flow-runs">
<thead><tr><th>Flow</th><th>State</th><th>Started</th><th>Duration</th><th>Task runs</th></tr></thead>
<tbody>${rows}</tbody>
</table>`
}
<nav class="pages">${cursor !== undefined && html`<a href="${flowRunsUrl()}">Newest runs</a>`}${next !== undefined && html`<a href="${flowRunsUrl(next)}">Older runs</a>`}</nav>`,
  );
}

/** "3 Cached · 1 Completed": the run's own task runs counted by state. */
function taskRunCounts(run: FlowRunSummary): SafeHtml {
  const counts = new Map<string, number>();
  for (const taskRun of run.taskRuns) counts.set(taskRun.state, (counts.get(taskRun.state) ?? 0) + 1);
  const parts = [...counts].map(([state, count]) => html`<span class="state state-${state}">${count} ${state}</span> `);
  const subflows = run.subflows.length > 0 && html`<span class="muted">${run.subflows.length} subflow${run.subflows.length === 1 ? '' : 's'}</span>`;
  return parts.length === 0 && subflows === false ? html`<span class="muted">none</span>` : html`${parts}${subflows}`;
}
