import { scaleLinear } from 'd3-scale';
import { stack } from 'd3-shape';
import { formatCount } from '../../shared/countedRuns';
import { html, type SafeHtml } from '../html';
import { round } from './axes';
import type { CountedRunGroup } from './countedRunGroups';
import { stateColor } from './stateColors';
import { countedTooltip, shorten } from './timelineTooltips';

/** The longest task or flow name a row label shows whole; the tooltip has it all. */
export const LABEL_CHARACTERS = 28;

/** "1 200 more runs of Busy.item", or for the gathered rest "80 more runs of 12 other tasks". */
export function countedLabel(group: CountedRunGroup, name: (text: string) => string = (text) => text): string {
  const runs = `${formatCount(group.count)} more run${group.count === 1 ? '' : 's'} of`;
  if (group.name !== undefined) return `${runs} ${name(group.name)}`;
  return `${runs} ${formatCount(group.names)} other ${group.kind}${group.names === 1 ? '' : 's'}`;
}

/**
 * A row of runs counted instead of drawn: its label on the left and, across the plot, one bar split in
 * proportion to the states the runs ended in (d3's stack). Dashed and full width, it reads as a share, not a time.
 */
export function countedRow(group: CountedRunGroup, y: number, labelX: number, width: number, height: number): SafeHtml {
  const states = group.states.map(([state]) => state);
  const layers = stack<Record<string, number>, string>().keys(states)([Object.fromEntries(group.states)]);
  const total = group.states.reduce((sum, [, count]) => sum + count, 0);
  const x = scaleLinear()
    .domain([0, Math.max(total, 1)])
    .range([0, width]);
  const label = countedLabel(group, (name) => shorten(name, LABEL_CHARACTERS));
  const tooltip = countedTooltip(group, countedLabel(group));
  const segments = layers.map(
    (layer) =>
      html`<rect class="counted-bar" data-state="${layer.key}" data-count="${layer[0][1] - layer[0][0]}" \
x="${round(x(layer[0][0]))}" y="${y}" width="${round(x(layer[0][1]) - x(layer[0][0]))}" height="${height}" \
fill="${stateColor(layer.key)}"></rect>`,
  );
  return html`<g class="counted-row" data-kind="${group.kind}" data-count="${group.count}"><title>${tooltip}</title>\
<text class="row-label" x="${labelX}" y="${y + height / 2}" dy="0.32em">${label}</text>\
<rect class="counted-frame" x="0" y="${y}" width="${width}" height="${height}"></rect>${segments}</g>`;
}
