import { formatCount } from '../../shared/countedRuns';
import { loadTrends } from '../../shared/loadTrends';
import type { TrendBucketSize } from '../../shared/trendBuckets';
import { computeTimeChart } from '../charts/computeTimeChart';
import { hitRatioChart } from '../charts/hitRatioChart';
import { storageGrowthChart } from '../charts/storageGrowthChart';
import { taskRunStatesChart } from '../charts/taskRunStatesChart';
import { html, type SafeHtml } from '../html';
import { FormError } from '../readForm';
import { page, type Reply } from '../Reply';
import type { UiContext } from '../UiContext';
import { TREND_BUCKETS, TREND_PERIODS, type TrendPeriodName, trendsUrl } from '../urls';

const HOUR = 3_600_000;
const PERIOD_MS: Readonly<Record<TrendPeriodName, number>> = {
  '24h': 24 * HOUR,
  '7d': 7 * 24 * HOUR,
  '30d': 30 * 24 * HOUR,
};
const PERIOD_LABELS: Readonly<Record<TrendPeriodName, string>> = {
  '24h': 'the last 24 hours',
  '7d': 'the last 7 days',
  '30d': 'the last 30 days',
};
const BUCKET_LABELS: Readonly<Record<TrendBucketSize, string>> = { hour: 'per hour', day: 'per day' };

/**
 * `/trends`: charts over time of what the task runs did (by state, hit ratio, compute time saved and spent) and of
 * how the storage grew, per hour or day, for all tasks or one. Counts the flow runs the stats page counts for the
 * same period, so the totals agree.
 */
export async function trendsPage(context: UiContext, parameters: URLSearchParams): Promise<Reply> {
  const period = choice(parameters, 'period', TREND_PERIODS) ?? '7d';
  const bucket = choice(parameters, 'bucket', TREND_BUCKETS) ?? (period === '24h' ? 'hour' : 'day');
  const task = parameters.get('task') || undefined;
  const until = context.now();
  const tally = await loadTrends(context.inspector, { since: until - PERIOD_MS[period], until, bucket, task });
  // A task that did not run in this period (the period was changed after choosing it) stays chosen: its charts
  // are empty, which is the answer, rather than an error page.
  const tasks = task === undefined || tally.tasks.includes(task) ? tally.tasks : [...tally.tasks, task];
  const trends = tally.summary();
  return page(
    'Trends',
    html`<h1>Trends</h1>
${filterForm(period, bucket, task, tasks)}
<p class="muted" id="trend-scope">${formatCount(trends.flowRuns)} flow runs started in ${PERIOD_LABELS[period]}, \
${BUCKET_LABELS[bucket]} (UTC), ${task === undefined ? 'all tasks' : html`task <code>${task}</code>`}. \
Hover a bar or point for its numbers.</p>
<h2>Task runs by state</h2>
${taskRunStatesChart(trends, bucket)}
<h2>Hit ratio</h2>
${hitRatioChart(trends, bucket)}
<h2>Compute time saved and spent</h2>
${computeTimeChart(trends, bucket)}
<h2>Storage growth</h2>
${storageGrowthChart(trends, bucket)}`,
  );
}

// A parameter left out or empty takes the default; any other value not among the choices is refused by name.
function choice<T extends string>(parameters: URLSearchParams, name: string, choices: readonly T[]): T | undefined {
  const value = parameters.get(name);
  if (value === null || value === '') return undefined;
  const known = choices.find((option) => option === value);
  if (known === undefined) {
    throw new FormError(400, `${name}: "${value}" is not one of ${choices.join(', ')}`);
  }
  return known;
}

function filterForm(
  period: TrendPeriodName,
  bucket: TrendBucketSize,
  task: string | undefined,
  tasks: readonly string[],
): SafeHtml {
  const option = (value: string, label: string, selected: boolean) =>
    html`<option value="${value}"${selected && html` selected`}>${label}</option>`;
  return html`<form class="filters" method="get" action="${trendsUrl()}">
<label>Flow runs started in<select name="period">${TREND_PERIODS.map((value) =>
    option(value, PERIOD_LABELS[value], value === period),
  )}</select></label>
<label>Bars<select name="bucket">${TREND_BUCKETS.map((value) =>
    option(value, BUCKET_LABELS[value], value === bucket),
  )}</select></label>
<label>Task<select name="task">${option('', 'all tasks', task === undefined)}${tasks.map((name) =>
    option(name, name, name === task),
  )}</select></label>
<button type="submit">Show</button>
</form>`;
}
