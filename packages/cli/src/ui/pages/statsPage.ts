import { formatCount } from '../../shared/countedRuns';
import { formatBytes, formatDuration, formatRatio } from '../../shared/formatValues';
import { statsByTask, type TaskStatsRow } from '../../shared/statsByTask';
import { html, type SafeHtml } from '../html';
import { page, type Reply } from '../Reply';
import type { UiContext } from '../UiContext';
import { STATS_PERIODS, type StatsPeriod, statsUrl } from '../urls';

const HOUR = 3_600_000;
const PERIOD_MS: Readonly<Record<StatsPeriod, number | undefined>> = {
  all: undefined,
  '24h': 24 * HOUR,
  '7d': 7 * 24 * HOUR,
  '30d': 30 * 24 * HOUR,
};
const PERIOD_LABELS: Readonly<Record<StatsPeriod, string>> = {
  all: 'all the run history kept',
  '24h': 'the last 24 hours',
  '7d': 'the last 7 days',
  '30d': 'the last 30 days',
};

/**
 * `/stats`: what the cache spared in a period (the task runs of the flow runs that started in it), in all and per
 * task, as `flowcache stats --since` counts it, with the records stored now.
 */
export async function statsPage(context: UiContext, parameters: URLSearchParams): Promise<Reply> {
  const asked = parameters.get('period');
  const period = STATS_PERIODS.find((known) => known === asked) ?? 'all';
  const length = PERIOD_MS[period];
  const stats = await context.inspector.stats({
    since: length === undefined ? undefined : new Date(context.now() - length),
  });
  const { runs } = stats;
  const rows = statsByTask(stats);
  return page(
    'Stats',
    html`<h1>What the cache saved</h1>
${periodForm(period)}
<dl id="totals">
<dt>Period</dt><dd>${PERIOD_LABELS[period]}</dd>
<dt>Flow runs</dt><dd>${formatCount(runs.flowRuns)}${
      runs.unreadable > 0 && ` (${formatCount(runs.unreadable)} unreadable, skipped)`
    }</dd>
<dt>Task runs</dt><dd>${formatCount(runs.calls)}</dd>
<dt>Hits</dt><dd>${formatCount(runs.hits)} (${formatRatio(runs.hitRatio)})</dd>
<dt>Compute time spent</dt><dd>${formatDuration(runs.computeMs)}</dd>
<dt>Compute time saved</dt><dd>${formatDuration(runs.savedMs)}</dd>
<dt>Records stored</dt><dd>${formatCount(stats.count)} (${formatBytes(stats.bytes)})</dd>
</dl>
<p class="muted">Counted from the run history: calls made inside flows. Time saved is, for each hit, how long the \
body took to compute the result it returned.</p>
${
  rows.length === 0
    ? html`<p id="no-tasks">No task runs or records yet.</p>`
    : html`<table id="task-stats">
<thead><tr><th>Task</th><th>Calls</th><th>Hit ratio</th><th>Compute time spent</th><th>Compute time saved</th>\
<th>Records</th><th>Size</th></tr></thead>
<tbody>${rows.map(taskRow)}</tbody>
</table>`
}`,
  );
}

function taskRow({ task, runs, records }: TaskStatsRow): SafeHtml {
  return html`<tr><td>${task}</td><td>${formatCount(runs?.calls ?? 0)}</td>\
<td>${formatRatio(runs?.hitRatio ?? null)}</td>\
<td>${formatDuration(runs?.computeMs ?? 0)}</td><td>${formatDuration(runs?.savedMs ?? 0)}</td>\
<td>${formatCount(records?.count ?? 0)}</td><td>${formatBytes(records?.bytes ?? 0)}</td></tr>`;
}

function periodForm(period: StatsPeriod): SafeHtml {
  const option = (value: StatsPeriod) =>
    html`<option value="${value}"${period === value && html` selected`}>${PERIOD_LABELS[value]}</option>`;
  return html`<form class="filters" method="get" action="${statsUrl()}">
<label>Flow runs started in<select name="period">${STATS_PERIODS.map(option)}</select></label>
<button type="submit">Show</button>
</form>`;
}
