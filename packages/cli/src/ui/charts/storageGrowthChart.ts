import { scaleLinear } from 'd3-scale';
import { area, line } from 'd3-shape';
import { utcFormat } from 'd3-time-format';
import { formatCount } from '../../shared/countedRuns';
import { formatBytes } from '../../shared/formatValues';
import type { Trends, TrendBucketSize } from '../../shared/trendBuckets';
import { html, type SafeHtml } from '../html';
import { bottomAxis, leftAxis, round } from './axes';
import { svgChart } from './svgChart';
import { bucketScale, byteUnit, drawable, largest, nothingToShow, TREND_FRAME, timeTick } from './trendFrame';

const COLOR = '#6a4fb3';
// A level is the size at a bucket's end: named by that time, to the minute.
const LEVEL_TIME = utcFormat('%Y-%m-%d %H:%M UTC');

interface Level {
  readonly time: Date;
  readonly bytes: number;
}

/**
 * The bytes of the records stored now, added up by when they were created: how the storage grew to its size.
 * Records deleted since (pruned, invalidated) are not in the storage any more, so not counted: the caption says so.
 */
export function storageGrowthChart(trends: Trends, size: TrendBucketSize): SafeHtml {
  const { records, buckets } = trends;
  const caption = html`<figcaption id="trend-storage-total">${formatBytes(records.bytes)} in \
${formatCount(records.count)} records stored now, added up by when they were created; deleted records are not \
counted${records.undated > 0 && `, nor ${formatCount(records.undated)} without a readable creation time`}.\
</figcaption>`;
  if (records.count === 0) {
    return html`<figure>${nothingToShow('trend-storage-empty', 'No records stored.')}${caption}</figure>`;
  }
  const levels: Level[] = [
    { time: buckets[0].start, bytes: drawable(trends.storedBytesAtStart) },
    ...buckets.map((bucket) => ({ time: bucket.end, bytes: drawable(bucket.storedBytes) })),
  ];
  const x = bucketScale(buckets);
  const most = largest(levels.map((level) => level.bytes));
  const unit = byteUnit(most);
  // Scaled in the unit, so that d3 picks round numbers of it for the ticks.
  const inUnit = scaleLinear()
    .domain([0, most / unit.size])
    .nice()
    .range([TREND_FRAME.height, 0]);
  const y = (bytes: number) => inUnit(bytes / unit.size);
  const at = (level: Level) => round(x(level.time));
  const height = (level: Level) => round(y(level.bytes));
  const filled = area<Level>().x(at).y0(TREND_FRAME.height).y1(height)(levels);
  const edge = line<Level>().x(at).y(height)(levels);
  const points = levels.slice(1).map(
    (level) => html`<circle class="point" data-time="${level.time.toISOString()}" data-value="${level.bytes}" \
cx="${at(level)}" cy="${height(level)}" r="3" fill="${COLOR}"><title>${LEVEL_TIME(level.time)}: \
${formatBytes(level.bytes)}</title></circle>`,
  );
  const chart = svgChart(
    'trend-storage',
    `Bytes stored by records created up to each ${size}'s end, UTC`,
    TREND_FRAME,
    html`${leftAxis(inUnit, TREND_FRAME.width, { format: (tick) => `${tick} ${unit.name}` })}\
${bottomAxis(x, TREND_FRAME.height, { count: 8, format: timeTick })}\
<path class="area" d="${filled ?? ''}" fill="${COLOR}" fill-opacity="0.15"></path>\
<path class="line" d="${edge ?? ''}" fill="none" stroke="${COLOR}" stroke-width="2"></path>${points}`,
  );
  return html`<figure>${chart}${caption}</figure>`;
}
