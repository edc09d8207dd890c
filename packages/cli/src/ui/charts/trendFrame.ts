import { scaleUtc, type ScaleTime } from 'd3-scale';
import { utcFormat } from 'd3-time-format';
import type { TrendBucket, TrendBucketSize } from '../../shared/trendBuckets';
import { html, type SafeHtml } from '../html';
import type { ChartFrame } from './svgChart';

// What the four charts of the trends page share: one frame, one time axis, one way to name a bucket.

/**
 * The size of each trends chart: the page's width at a 1100-pixel window, short enough to see two at once. The
 * right margin holds half a date label: the time axis ends on a bucket's end, labelled `Dec 08` for a day.
 */
export const TREND_FRAME: ChartFrame = {
  width: 930,
  height: 160,
  margin: { top: 10, right: 24, bottom: 26, left: 72 },
};

/** The time axis over the buckets, from the first one's start to the last one's end, in UTC. */
export function bucketScale(buckets: readonly TrendBucket[]): ScaleTime<number, number> {
  return scaleUtc()
    .domain([buckets[0].start, buckets[buckets.length - 1].end])
    .range([0, TREND_FRAME.width]);
}

const HOUR_LABEL = utcFormat('%Y-%m-%d %H:00 UTC');
const DAY_LABEL = utcFormat('%Y-%m-%d UTC');

/** A bucket as a tooltip names it: `2026-12-07 14:00 UTC` (an hour) or `2026-12-07 UTC` (a day). */
export function bucketLabel(bucket: TrendBucket, size: TrendBucketSize): string {
  return (size === 'hour' ? HOUR_LABEL : DAY_LABEL)(bucket.start);
}

/** The place of a bucket's bar (or of its `part` of `parts` bars side by side), with a gap between buckets. */
export function barSlot(
  scale: ScaleTime<number, number>,
  bucket: TrendBucket,
  part = 0,
  parts = 1,
): { x: number; width: number } {
  const start = scale(bucket.start);
  const full = scale(bucket.end) - start;
  const gap = Math.min(full * 0.15, 6);
  const width = (full - gap) / parts;
  return { x: start + gap / 2 + part * width, width: Math.max(width, 0.5) };
}

/**
 * A value a chart can draw: a sum of stored numbers may be so large it is not finite (planted history), and is
 * then drawn as nothing rather than as `NaN` coordinates.
 */
export function drawable(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/** The largest value, at least 1: a scale over all zeros still has a domain. */
export function largest(values: readonly number[]): number {
  return values.reduce((most, value) => Math.max(most, drawable(value)), 1);
}

/** What a chart shows instead of an empty axis. */
export function nothingToShow(id: string, text: string): SafeHtml {
  return html`<p class="empty" id="${id}">${text}</p>`;
}

/** A unit a value axis counts in, so that its ticks are round numbers of it (`20 min`, not `1 200 000 ms`). */
export interface AxisUnit {
  readonly size: number;
  readonly name: string;
}

const DURATION_UNITS: readonly AxisUnit[] = [
  { size: 3_600_000, name: 'h' },
  { size: 60_000, name: 'min' },
  { size: 1000, name: 's' },
  { size: 1, name: 'ms' },
];
const BYTE_UNITS: readonly AxisUnit[] = [
  { size: 1024 ** 4, name: 'TiB' },
  { size: 1024 ** 3, name: 'GiB' },
  { size: 1024 ** 2, name: 'MiB' },
  { size: 1024, name: 'KiB' },
  { size: 1, name: 'B' },
];

/** The largest unit of time a duration axis up to `most` milliseconds holds two of at least. */
export function durationUnit(most: number): AxisUnit {
  return DURATION_UNITS.find((unit) => most >= 2 * unit.size) ?? DURATION_UNITS[DURATION_UNITS.length - 1];
}

/** The largest binary unit a size axis up to `most` bytes holds two of at least. */
export function byteUnit(most: number): AxisUnit {
  return BYTE_UNITS.find((unit) => most >= 2 * unit.size) ?? BYTE_UNITS[BYTE_UNITS.length - 1];
}

const DAY_TICK = utcFormat('%b %d');
const HOUR_TICK = utcFormat('%H:%M');

/** Time axis labels: the date at midnight, the hour otherwise (in UTC, as the buckets are). */
export function timeTick(value: Date | number): string {
  const time = new Date(value);
  return time.getUTCHours() === 0 && time.getUTCMinutes() === 0 ? DAY_TICK(time) : HOUR_TICK(time);
}
