import type { ScaleLinear, ScaleTime } from 'd3-scale';
import { html, type SafeHtml } from '../html';

/**
 * A horizontal axis under a chart of height `height`: a tick and a label at each of about `count` round values
 * d3 picks (whole hours, days, powers of ten), with a faint grid line up through the chart.
 */
export function bottomAxis(
  scale: ScaleTime<number, number> | ScaleLinear<number, number>,
  height: number,
  { count = 6, format }: { count?: number; format?: (value: Date | number) => string } = {},
): SafeHtml {
  // d3's own formatter for these ticks ("06 PM", "Dec 07", "1.5k") unless the chart needs another.
  const ticks = scale.ticks(count) as (Date | number)[];
  const label = format ?? (scale.tickFormat(count) as (value: Date | number) => string);
  const [start, end] = scale.range();
  return html`<g class="axis axis-x" transform="translate(0,${height})">\
<line x1="${start}" x2="${end}" y1="0" y2="0"></line>${ticks.map(
    (tick) => html`<g transform="translate(${round(scale(tick))},0)"><line class="grid" y1="${-height}" y2="0"></line>\
<line y2="5"></line><text y="17" text-anchor="middle">${label(tick)}</text></g>`,
  )}</g>`;
}

/** A vertical axis on a chart's left: about `count` round values, each with a label and a faint grid line. */
export function leftAxis(
  scale: ScaleLinear<number, number>,
  width: number,
  { count = 5, format }: { count?: number; format?: (value: number) => string } = {},
): SafeHtml {
  const label = format ?? scale.tickFormat(count);
  return html`<g class="axis axis-y">${scale.ticks(count).map(
    (tick) => html`<g transform="translate(0,${round(scale(tick))})"><line class="grid" x2="${width}"></line>\
<line x1="-5" x2="0"></line><text x="-8" dy="0.32em" text-anchor="end">${label(tick)}</text></g>`,
  )}</g>`;
}

/** A coordinate written with two decimals at most: the markup of a large chart stays small. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
