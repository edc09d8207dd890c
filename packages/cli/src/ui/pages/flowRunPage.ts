import type { FlowRunSummary, SubflowRunAggregate, TaskRunSummary } from '@flowcache/core/records';
import { formatDuration } from '../../shared/formatValues';
import { html } from '../html';
import { cacheMissReason } from '../parts/cacheMissReason';
import { moreSubflowRows, moreTaskRunsTable } from '../parts/countedRuns';
import { stateBadge } from '../parts/stateBadge';
import { taskRunCounts } from '../parts/taskRunCounts';
import { timeText } from '../parts/timeText';
import { page, type Reply } from '../Reply';
import type { UiContext } from '../UiContext';
import { flowRunUrl, recordUrl } from '../urls';
import { notFoundPage } from './errorPage';

// Only these runs can have left a record under their key: a failed run stores nothing, a rolled-back one's
// result was discarded. A link from the others would lead to "no record", or to a record another run wrote.
const STATES_WITH_RESULT: ReadonlySet<string> = new Set(['Completed', 'Cached']);

/** `/runs/<id>`: one flow run (top-level or subflow) with its parameters, subflows and task runs. */
export async function flowRunPage(context: UiContext, flowRunId: string): Promise<Reply> {
  const run = await context.inspector.flowRun(flowRunId);
  if (run === undefined) return notFoundPage(`No flow run ${flowRunId} in the run history.`);
  const now = context.now();
  const parameters = Object.entries(run.parameters).map(
    ([name, preview]) => html`<tr><td><code>${name}</code></td><td><code>${preview}</code></td></tr>`,
  );
  return page(
    `${run.flowName} run`,
    html`<h1>${run.flowName} <span class="muted">run</span></h1>
<dl>
<dt>Flow run id</dt><dd><code>${run.flowRunId}</code></dd>
<dt>State</dt><dd>${stateBadge(run.state)}</dd>
<dt>Started</dt><dd>${timeText(run.startedAt, now)} <span class="muted">${run.startedAt}</span></dd>
<dt>Duration</dt><dd>${formatDuration(run.durationMs)}</dd>
<dt>Attempts</dt><dd>${run.attempts}</dd>
${run.error !== null && html`<dt>Error</dt><dd class="problem">${run.error}</dd>`}
</dl>
<h2>Parameters</h2>
${
  parameters.length === 0
    ? html`<p class="muted">none</p>`
    : html`<table id="parameters"><thead><tr><th>Name</th><th>Value (preview)</th></tr></thead>\
<tbody>${parameters}</tbody></table>`
}
${(run.subflows.length > 0 || run.moreSubflows.length > 0) && subflowsTable(run.subflows, run.moreSubflows)}
<h2>Task runs</h2>
${
  run.taskRuns.length === 0
    ? run.moreTaskRuns.length === 0 && html`<p class="muted">none</p>`
    : html`<table id="task-runs">
<thead><tr><th>Task</th><th>State</th><th>Duration</th><th>Attempts</th>\
<th>Cache key</th><th>Why it ran</th><th>Error</th></tr></thead>
<tbody>${run.taskRuns.map(taskRunRow)}</tbody>
</table>`
}
${run.moreTaskRuns.length > 0 && moreTaskRunsTable(run.moreTaskRuns)}`,
  );
}

function taskRunRow(taskRun: TaskRunSummary) {
  return html`<tr>
<td>${taskRun.taskName}</td>
<td>${stateBadge(taskRun.state)}</td>
<td>${formatDuration(taskRun.durationMs)}</td>
<td>${taskRun.attempts}</td>
<td class="key">${cacheKeyCell(taskRun)}</td>
<td>${taskRun.cacheMiss === null ? '' : cacheMissReason(taskRun.cacheMiss)}</td>
<td>${taskRun.error ?? ''}</td>
</tr>`;
}

function cacheKeyCell({ cacheKey, state }: TaskRunSummary) {
  if (cacheKey === null) return html`<span class="muted">not cached</span>`;
  return STATES_WITH_RESULT.has(state) ? html`<a href="${recordUrl(cacheKey)}">${cacheKey}</a>` : cacheKey;
}

function subflowsTable(subflows: readonly FlowRunSummary[], counted: readonly SubflowRunAggregate[]) {
  const rows = subflows.map(
    (subflow) => html`<tr>
<td><a href="${flowRunUrl(subflow.flowRunId)}">${subflow.flowName}</a></td>
<td>${stateBadge(subflow.state, subflow.error ?? undefined)}</td>
<td>${formatDuration(subflow.durationMs)}</td>
<td>${taskRunCounts(subflow)}</td>
</tr>`,
  );
  return html`<h2>Subflows</h2>
<table id="subflows"><thead><tr><th>Flow</th><th>State</th><th>Duration</th><th>Task runs</th></tr></thead>\
<tbody>${rows}${moreSubflowRows(counted)}</tbody></table>`;
}
