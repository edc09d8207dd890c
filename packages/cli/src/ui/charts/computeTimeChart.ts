import { legend } from './legend';
import { scaleLinear } from 'd3-scale';
import { formatDuration } from '../../shared/formatValues';
import type { Trends, TrendBucketSize } from '../../shared/trendBuckets';
import { html, type SafeHtml } from '../html';
import { bottomAxis, leftAxis, round } from './axes';
import { STATE_COLORS } from './stateColors';
import { svgChart } from './svgChart';
import {
  barSlot,
  bucketLabel,
  bucketScale,
  drawable,
  largest,
  durationUnit,
  nothingToShow,
  TREND_FRAME,
  timeTick,
} from './trendFrame';

const SERIES = [
  { key: 'savedMs', label: 'Compute time saved', color: STATE_COLORS.Cached },
  { key: 'computeMs', label: 'Compute time spent', color: STATE_COLORS.Completed },
] as const;

/** Per bucket, side by side: the compute time the hits saved, and the time spent running bodies. */
export function computeTimeChart(trends: Trends, size: TrendBucketSize): SafeHtml {
  const { runs, buckets } = trends;
  const caption = html`<figcaption id="trend-time-total">Compute time saved ${formatDuration(runs.savedMs)}, \
spent ${formatDuration(runs.computeMs)}.</figcaption>`;
  if (drawable(runs.savedMs) + drawable(runs.computeMs) === 0) {
    return html`<figure>${nothingToShow('trend-time-empty', 'No compute time spent or saved in this period.')}\
${caption}</figure>`;
  }
  const x = bucketScale(buckets);
  const most = largest(buckets.flatMap((bucket) => [bucket.runs.savedMs, bucket.runs.computeMs]));
  const unit = durationUnit(most);
  // Scaled in the unit, so that d3 picks round numbers of it for the ticks.
  const inUnit = scaleLinear()
    .domain([0, most / unit.size])
    .nice()
    .range([TREND_FRAME.height, 0]);
  const y = (ms: number) => inUnit(ms / unit.size);
  const bars = buckets.map((bucket) =>
    SERIES.map(({ key, label, color }, part) => {
      const value = drawable(bucket.runs[key]);
      if (value === 0) return '';
      const { x: left, width } = barSlot(x, bucket, part, SERIES.length);
      return html`<rect class="bar" data-series="${key}" data-bucket="${bucket.start.toISOString()}" \
data-value="${value}" x="${round(left)}" y="${round(y(value))}" width="${round(width)}" \
height="${round(TREND_FRAME.height - y(value))}" fill="${color}"><title>${bucketLabel(bucket, size)}: \
${label.toLowerCase()} ${formatDuration(value)}</title></rect>`;
    }),
  );
  const chart = svgChart(
    'trend-time',
    `Compute time saved and spent per ${size}, UTC`,
    TREND_FRAME,
    html`${leftAxis(inUnit, TREND_FRAME.width, { format: (tick) => `${tick} ${unit.name}` })}\
${bottomAxis(x, TREND_FRAME.height, { count: 8, format: timeTick })}${bars}`,
  );
  return html`<figure>${chart}${legend(SERIES.map(({ label, color }) => [label, color]))}${caption}</figure>`;
}
