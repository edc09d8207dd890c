import { formatDuration } from '../../shared/formatValues';
import { flowRunsFilter } from '../flowRunsFilter';
import { html } from '../html';
import { flowRunsFilterForm } from '../parts/flowRunsFilterForm';
import { stateBadge } from '../parts/stateBadge';
import { taskRunCounts } from '../parts/taskRunCounts';
import { timeText } from '../parts/timeText';
import { page, type Reply } from '../Reply';
import type { UiContext } from '../UiContext';
import { flowRunsUrl, flowRunUrl, readFlowRunsQuery, recordsUrl } from '../urls';

const RUNS_PER_PAGE = 25;

/**
 * `/`: the flow runs of the run history, newest first, a page at a time, filtered by the form's flow, state,
 * period and parameter. One inspector call a page: a filter that matches few runs shows a short page (the
 * inspector reads a bounded number of runs) and an "Older runs" link that goes on.
 */
export async function flowRunsPage(context: UiContext, parameters: URLSearchParams): Promise<Reply> {
  const query = readFlowRunsQuery(parameters);
  const now = context.now();
  const filter = flowRunsFilter(query, now);
  const { cursor } = query;
  const filtered = query.flow ?? query.state ?? query.since ?? query.until ?? query.param;
  const {
    flowRuns,
    cursor: next,
    unreadable,
  } = await context.inspector.flowRuns({
    ...filter,
    limit: RUNS_PER_PAGE,
    cursor,
  });
  const rows = flowRuns.map(
    (run) => html`<tr>
<td><a href="${flowRunUrl(run.flowRunId)}">${run.flowName}</a></td>
<td>${stateBadge(run.state, run.error ?? undefined)}</td>
<td>${timeText(run.startedAt, now)}</td>
<td>${formatDuration(run.durationMs)}</td>
<td>${taskRunCounts(run)}</td>
</tr>`,
  );
  const empty =
    filtered === undefined
      ? html`<p>No flow run recorded${cursor === undefined ? '' : ' after this point'}. \
Flows record their runs unless the <code>runHistory</code> setting is off.</p>`
      : html`<p id="no-flow-runs">No flow run matches the filter${cursor !== undefined && ' after this point'}\
${next !== undefined && ' among the runs looked at so far (Older runs looks further back)'}. \
<a href="${flowRunsUrl()}" id="clear-filter">Clear the filter</a></p>`;
  const newest = flowRunsUrl({ ...query, cursor: undefined });
  const older = next === undefined ? undefined : flowRunsUrl({ ...query, cursor: next });
  return page(
    'Flow runs',
    html`<h1>Flow runs</h1>
<p class="muted">Newest first, from the run history kept beside the records. \
See also the <a href="${recordsUrl()}">cached results</a>.</p>
${flowRunsFilterForm(
  query,
  flowRuns.map((run) => run.flowName),
)}
${
  unreadable.length > 0 &&
  html`<p class="muted" id="unreadable-runs">Skipped ${unreadable.length} run-history \
${unreadable.length === 1 ? 'object' : 'objects'} that cannot be read: \
${unreadable.map(({ key, problem }) => html`<code>${key}</code> (${problem}) `)}</p>`
}
${
  rows.length === 0
    ? empty
    : html`<table id="flow-runs">
<thead><tr><th>Flow</th><th>State</th><th>Started</th><th>Duration</th><th>Task runs</th></tr></thead>
<tbody>${rows}</tbody>
</table>`
}
<nav class="pages">${cursor !== undefined && html`<a href="${newest}" id="newest-runs">Newest runs</a>`}\
${older !== undefined && html`<a href="${older}" id="older-runs">Older runs</a>`}</nav>`,
  );
}
