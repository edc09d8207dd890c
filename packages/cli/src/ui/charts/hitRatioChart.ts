import { scaleLinear } from 'd3-scale';
import { line } from 'd3-shape';
import { formatCount } from '../../shared/countedRuns';
import { formatRatio } from '../../shared/formatValues';
import type { Trends, TrendBucket, TrendBucketSize } from '../../shared/trendBuckets';
import { html, type SafeHtml } from '../html';
import { bottomAxis, leftAxis, round } from './axes';
import { STATE_COLORS } from './stateColors';
import { svgChart } from './svgChart';
import { bucketLabel, bucketScale, nothingToShow, TREND_FRAME, timeTick } from './trendFrame';

/**
 * The hit ratio of each bucket as a line from 0 to 100 %, broken where a bucket had no calls: no data is a gap,
 * never a fall to 0 %.
 */
export function hitRatioChart(trends: Trends, size: TrendBucketSize): SafeHtml {
  const { runs, buckets } = trends;
  const caption = html`<figcaption id="trend-hit-ratio-total">Hit ratio ${formatRatio(runs.hitRatio)}: \
${formatCount(runs.hits)} hits of ${formatCount(runs.calls)} calls. A gap is a${size === 'hour' ? 'n' : ''} ${size} \
without calls.</figcaption>`;
  if (runs.calls === 0) {
    return html`<figure>${nothingToShow('trend-hit-ratio-empty', 'No calls in this period.')}${caption}</figure>`;
  }
  const x = bucketScale(buckets);
  const y = scaleLinear().domain([0, 100]).range([TREND_FRAME.height, 0]);
  const middle = (bucket: TrendBucket) => x(new Date((bucket.start.getTime() + bucket.end.getTime()) / 2));
  const percent = (bucket: TrendBucket) => y(Math.min(Math.max((bucket.runs.hitRatio ?? 0) * 100, 0), 100));
  const measured = (bucket: TrendBucket) => bucket.runs.hitRatio !== null;
  const path = line<TrendBucket>()
    .defined(measured)
    .x((bucket) => round(middle(bucket)))
    .y((bucket) => round(percent(bucket)))([...buckets]);
  const points = buckets.filter(measured).map(
    (bucket) => html`<circle class="point" data-bucket="${bucket.start.toISOString()}" \
data-value="${bucket.runs.hitRatio}" cx="${round(middle(bucket))}" cy="${round(percent(bucket))}" r="3.5" \
fill="${STATE_COLORS.Cached}"><title>${bucketLabel(bucket, size)}: ${formatRatio(bucket.runs.hitRatio)} \
(${formatCount(bucket.runs.hits)} of ${formatCount(bucket.runs.calls)} calls)</title></circle>`,
  );
  const chart = svgChart(
    'trend-hit-ratio',
    `Hit ratio per ${size}, UTC`,
    TREND_FRAME,
    html`${leftAxis(y, TREND_FRAME.width, { format: (value) => `${value} %` })}\
${bottomAxis(x, TREND_FRAME.height, { count: 8, format: timeTick })}\
<path class="line" d="${path ?? ''}" fill="none" stroke="${STATE_COLORS.Cached}" stroke-width="2"></path>${points}`,
  );
  return html`<figure>${chart}${caption}</figure>`;
}
