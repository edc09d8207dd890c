import { html, type SafeHtml } from '../html';
import { STATE_COLORS, STATE_ORDER } from './stateColors';

const SWATCH = 10;

/**
 * What a chart's colours mean: a swatch and the name of each state, in a row starting at (`x`, `y`), each state
 * `spacing` pixels after the last; `extra` is drawn after them (a chart's own marks, such as its subflow bars).
 */
export function stateLegend(x: number, y: number, spacing: number, extra?: SafeHtml): SafeHtml {
  return html`<g class="legend" transform="translate(${x},${y})">${STATE_ORDER.map(
    (state, index) => html`<g transform="translate(${index * spacing},0)"><rect width="${SWATCH}" \
height="${SWATCH}" fill="${STATE_COLORS[state]}"></rect><text x="${SWATCH + 4}" y="${SWATCH / 2}" \
dy="0.32em">${state}</text></g>`,
  )}${extra !== undefined && html`<g transform="translate(${STATE_ORDER.length * spacing},0)">${extra}</g>`}</g>`;
}
