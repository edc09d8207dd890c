import type { FlowRunSummary, SubflowRunAggregate, TaskRunSummary } from '@flowcache/core/records';
import { formatDuration } from '../../shared/formatValues';
import { timelineChart } from '../charts/timelineChart';
import { layOutTimeline } from '../charts/timelineRows';
import { html } from '../html';
import { cacheMissReason } from '../parts/cacheMissReason';
import { moreSubflowRows, moreTaskRunsTable } from '../parts/countedRuns';
import { recordKeyOf } from '../parts/recordKeyOf';
import { stateBadge } from '../parts/stateBadge';
import { taskRunCounts } from '../parts/taskRunCounts';
import { timelineSummary } from '../parts/timelineSummary';
import { timeText } from '../parts/timeText';
import { page, type Reply } from '../Reply';
import type { UiContext } from '../UiContext';
import { flowRunUrl, recordUrl, taskRunRowId } from '../urls';
import { notFoundPage } from './errorPage';

/** How many of the newest top-level runs a subflow id without its top-level run (`in`) is looked for in. */
export const SUBFLOW_SEARCH_READS = 200;

/**
 * `/runs/<id>[?in=<top-level id>]`: one flow run (top-level or subflow) with its parameters, timeline, subflows and
 * task runs. The page's own links to a subflow name the top-level run that holds it (`in`), so it is read alone;
 * an id without it is looked for among the top-level runs, then in the newest SUBFLOW_SEARCH_READS runs only: a
 * request for a missing id never reads the whole history.
 */
export async function flowRunPage(context: UiContext, flowRunId: string, topLevel?: string): Promise<Reply> {
  const lookup = topLevel === undefined ? { maxReads: SUBFLOW_SEARCH_READS } : { topLevel };
  const run = await context.inspector.flowRun(flowRunId, lookup);
  if (run === undefined) return notFoundPage(notFound(flowRunId, topLevel));
  const root = topLevel ?? run.flowRunId;
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
${timelineSection(run, root)}
${(run.subflows.length > 0 || run.moreSubflows.length > 0) && subflowsTable(run.subflows, run.moreSubflows, root)}
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

// The chart of the run's task runs and subflows in time; nothing when it ran none.
function timelineSection(run: FlowRunSummary, topLevel: string) {
  const timeline = layOutTimeline(run);
  if (timeline.rows.length === 0 && timeline.counted.length === 0) return false;
  return html`<h2>Timeline</h2>
${timelineSummary(timeline)}
${timelineChart(timeline, topLevel)}`;
}

// The row a timeline bar links to.
function taskRunRow(taskRun: TaskRunSummary) {
  return html`<tr id="${taskRunRowId(taskRun.taskRunId)}">
<td>${taskRun.taskName}</td>
<td>${stateBadge(taskRun.state)}</td>
<td>${formatDuration(taskRun.durationMs)}</td>
<td>${taskRun.attempts}</td>
<td class="key">${cacheKeyCell(taskRun)}</td>
<td>${taskRun.cacheMiss === null ? '' : cacheMissReason(taskRun.cacheMiss)}</td>
<td>${taskRun.error ?? ''}</td>
</tr>`;
}

function cacheKeyCell(taskRun: TaskRunSummary) {
  if (taskRun.cacheKey === null) return html`<span class="muted">not cached</span>`;
  const recordKey = recordKeyOf(taskRun);
  return recordKey === undefined ? taskRun.cacheKey : html`<a href="${recordUrl(recordKey)}">${recordKey}</a>`;
}

function subflowsTable(subflows: readonly FlowRunSummary[], counted: readonly SubflowRunAggregate[], topLevel: string) {
  const rows = subflows.map(
    (subflow) => html`<tr>
<td><a href="${flowRunUrl(subflow.flowRunId, topLevel)}">${subflow.flowName}</a></td>
<td>${stateBadge(subflow.state, subflow.error ?? undefined)}</td>
<td>${formatDuration(subflow.durationMs)}</td>
<td>${taskRunCounts(subflow)}</td>
</tr>`,
  );
  return html`<h2>Subflows</h2>
<table id="subflows"><thead><tr><th>Flow</th><th>State</th><th>Duration</th><th>Task runs</th></tr></thead>\
<tbody>${rows}${moreSubflowRows(counted)}</tbody></table>`;
}

function notFound(flowRunId: string, topLevel: string | undefined): string {
  return topLevel === undefined
    ? `No flow run ${flowRunId} in the run history (a subflow is looked for in the newest ${SUBFLOW_SEARCH_READS} ` +
        'flow runs: open an older one from its top-level run).'
    : `No flow run ${flowRunId} in the run history of top-level flow run ${topLevel}.`;
}
