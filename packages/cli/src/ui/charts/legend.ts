import { html, type SafeHtml } from '../html';

/** A key of the colours in a chart, under it: a swatch and a label for each. */
export function legend(entries: readonly (readonly [label: string, color: string])[]): SafeHtml {
  return html`<ul class="legend">${entries.map(
    ([label, color]) => html`<li><span class="swatch" style="background:${color}"></span>${label}</li>`,
  )}</ul>`;
}
