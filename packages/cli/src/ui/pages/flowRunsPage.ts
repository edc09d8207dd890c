import { formatDuration } from '../../shared/formatValues';
import { html } from '../html';
import { stateBadge } from '../parts/stateBadge';
import { taskRunCounts } from '../parts/taskRunCounts';
import { timeText } from '../parts/timeText';
import { page, type Reply } from '../Reply';
import type { UiContext } from '../UiContext';
import { flowRunsUrl, flowRunUrl, recordsUrl } from '../urls';

const RUNS_PER_PAGE = 25;

/** `/`: the flow runs of the run history, newest first, a page at a time. */
export async function flowRunsPage(context: UiContext, cursor: string | undefined): Promise<Reply> {
  const { flowRuns, cursor: next, unreadable } = await context.inspector.flowRuns({ limit: RUNS_PER_PAGE, cursor });
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
<p class="muted">Newest first, from the run history kept beside the records. \
See also the <a href="${recordsUrl()}">cached results</a>.</p>
${
  unreadable.length > 0 &&
  html`<p class="muted" id="unreadable-runs">Skipped ${unreadable.length} run-history \
${unreadable.length === 1 ? 'object' : 'objects'} that cannot be read: \
${unreadable.map(({ key, problem }) => html`<code>${key}</code> (${problem}) `)}</p>`
}
${
  rows.length === 0
    ? html`<p>No flow run recorded${cursor === undefined ? '' : ' after this point'}. \
Flows record their runs unless the <code>runHistory</code> setting is off.</p>`
    : html`<table id="flow-runs">
<thead><tr><th>Flow</th><th>State</th><th>Started</th><th>Duration</th><th>Task runs</th></tr></thead>
<tbody>${rows}</tbody>
</table>`
}
<nav class="pages">${cursor !== undefined && html`<a href="${flowRunsUrl()}" id="newest-runs">Newest runs</a>`}\
${next !== undefined && html`<a href="${flowRunsUrl(next)}" id="older-runs">Older runs</a>`}</nav>`,
  );
}
