import { legend } from './legend';
import { scaleLinear } from 'd3-scale';
import { stack } from 'd3-shape';
import { formatCount } from '../../shared/countedRuns';
import {
  TREND_STATES,
  type Trends,
  type TrendBucket,
  type TrendBucketSize,
  type TrendState,
} from '../../shared/trendBuckets';
import { html, type SafeHtml } from '../html';
import { bottomAxis, leftAxis, round } from './axes';
import { stateColor } from './stateColors';
import { svgChart } from './svgChart';
import {
  barSlot,
  bucketLabel,
  bucketScale,
  drawable,
  largest,
  nothingToShow,
  TREND_FRAME,
  timeTick,
} from './trendFrame';

/** Task runs per bucket as bars stacked by state, in the states' colours, with a legend and the total. */
export function taskRunStatesChart(trends: Trends, size: TrendBucketSize): SafeHtml {
  const states = TREND_STATES.filter((state) => trends.states[state] > 0);
  const total = states.reduce((sum, state) => sum + trends.states[state], 0);
  const caption = html`<figcaption id="trend-states-total">${formatCount(total)} task runs${
    states.length > 0 && html`: ${states.map((state) => `${formatCount(trends.states[state])} ${state}`).join(', ')}`
  }, by when they started (task runs only counted in the history, by their flow run's start).</figcaption>`;
  if (total === 0) {
    return html`<figure>${nothingToShow('trend-states-empty', 'No task runs in this period.')}${caption}</figure>`;
  }
  const { buckets } = trends;
  const series = stack<TrendBucket, TrendState>()
    .keys(states)
    .value((bucket, state) => drawable(bucket.states[state]))([...buckets]);
  const x = bucketScale(buckets);
  const y = scaleLinear()
    .domain([0, largest(series.flatMap((layer) => layer.map((point) => point[1])))])
    .nice()
    .range([TREND_FRAME.height, 0]);
  // Task runs come whole: asking d3 for no more ticks than the top count keeps every step at 1 or more.
  const tickCount = Math.min(5, y.domain()[1]);
  const bars = series.map((layer) =>
    layer.map((point) => {
      const value = point[1] - point[0];
      if (!(value > 0)) return '';
      const { x: left, width } = barSlot(x, point.data);
      return html`<rect class="bar" data-state="${layer.key}" data-bucket="${point.data.start.toISOString()}" \
data-value="${value}" x="${round(left)}" y="${round(y(point[1]))}" width="${round(width)}" \
height="${round(y(point[0]) - y(point[1]))}" fill="${stateColor(layer.key)}"><title>${bucketLabel(point.data, size)}: \
${formatCount(value)} ${layer.key}</title></rect>`;
    }),
  );
  const chart = svgChart(
    'trend-states',
    `Task runs by state per ${size}, UTC`,
    TREND_FRAME,
    html`${leftAxis(y, TREND_FRAME.width, { count: tickCount })}\
${bottomAxis(x, TREND_FRAME.height, { count: 8, format: timeTick })}${bars}`,
  );
  return html`<figure>${chart}${legend(states.map((state) => [state, stateColor(state)]))}${caption}</figure>`;
}
