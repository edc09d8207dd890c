import { html, type Interpolation, type SafeHtml } from '../html';

/** The size of a chart's drawing area and the room kept around it for axes and labels, in CSS pixels. */
export interface ChartFrame {
  readonly width: number;
  readonly height: number;
  readonly margin: { readonly top: number; readonly right: number; readonly bottom: number; readonly left: number };
}

/**
 * An inline SVG chart: drawn on the server, so the page loads no script and the CSP stays `default-src 'none'`.
 * `label` is what a screen reader announces (and what tests read); `content` is drawn inside the margins.
 */
export function svgChart(id: string, label: string, frame: ChartFrame, content: Interpolation): SafeHtml {
  const { width, height, margin } = frame;
  const outerWidth = width + margin.left + margin.right;
  const outerHeight = height + margin.top + margin.bottom;
  return html`<svg class="chart" id="${id}" role="img" aria-label="${label}" width="${outerWidth}" \
height="${outerHeight}" viewBox="0 0 ${outerWidth} ${outerHeight}" xmlns="http://www.w3.org/2000/svg">\
<title>${label}</title><g transform="translate(${margin.left},${margin.top})">${content}</g></svg>`;
}
