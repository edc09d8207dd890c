import { decodeEntities } from './htmlTable';

// Reads the timeline of a flow-run page as the server sent it: for checking the chart without a browser.

/** A bar of a timeline as the server drew it. */
export interface TimelineBar {
  readonly kind: 'bar' | 'subflow-bar';
  readonly href: string;
  readonly state: string;
  readonly x: number;
  readonly width: number;
  readonly fill: string;
  readonly tooltip: string;
}

/** A row of a timeline: its label, depth and bar. */
export interface TimelineRowMarkup {
  readonly depth: number;
  readonly label: string;
  /** Where the label links to (a record, a subflow's page), or `undefined`. */
  readonly labelHref: string | undefined;
  readonly bar: TimelineBar | undefined;
}

const ROW = /<g class="timeline-row[^"]*" data-depth="(\d+)">([\s\S]*?)<\/g>/g;
const LABEL = /(?:<a href="([^"]*)">)?<text class="row-label"[^>]*>(?:<title>[^<]*<\/title>)?([^<]*)<\/text>/;
const BAR = new RegExp(
  '<a href="([^"]*)"><rect class="(bar|subflow-bar)" data-state="([^"]*)" x="([^"]*)" y="[^"]*" ' +
    'width="([^"]*)" height="[^"]*" fill="([^"]*)"[^>]*><title>([^<]*)</title>',
);

/** The rows of the `#timeline` chart in a page, top to bottom. */
export function timelineRows(page: string): TimelineRowMarkup[] {
  return [...chartOf(page).matchAll(ROW)].map(([, depth, row]) => {
    const label = LABEL.exec(row);
    const bar = BAR.exec(row);
    return {
      depth: Number(depth),
      label: decodeEntities(label?.[2] ?? ''),
      labelHref: label?.[1] === undefined ? undefined : decodeEntities(label[1]),
      bar:
        bar === null
          ? undefined
          : {
              kind: bar[2] as TimelineBar['kind'],
              href: decodeEntities(bar[1]),
              state: decodeEntities(bar[3]),
              x: Number(bar[4]),
              width: Number(bar[5]),
              fill: bar[6],
              tooltip: decodeEntities(bar[7]),
            },
    };
  });
}

/** A row of runs counted, not drawn: its label, count, tooltip and the count of each state's segment. */
export interface CountedRowMarkup {
  readonly kind: string;
  readonly count: number;
  readonly label: string;
  readonly tooltip: string;
  readonly segments: Record<string, number>;
}

const COUNTED_ROW = new RegExp(
  '<g class="counted-row" data-kind="([^"]*)" data-count="(\\d+)"><title>([^<]*)</title>' +
    '<text[^>]*>([^<]*)</text>([\\s\\S]*?)</g>',
  'g',
);
const SEGMENT = /<rect class="counted-bar" data-state="([^"]*)" data-count="(\d+)"/g;

/** The rows of runs counted, not drawn, in a page's timeline, top to bottom. */
export function countedRows(page: string): CountedRowMarkup[] {
  return [...chartOf(page).matchAll(COUNTED_ROW)].map(([, kind, count, tooltip, label, rest]) => ({
    kind,
    count: Number(count),
    label: decodeEntities(label),
    tooltip: decodeEntities(tooltip),
    segments: Object.fromEntries([...rest.matchAll(SEGMENT)].map(([, state, n]) => [decodeEntities(state), Number(n)])),
  }));
}

/** The labels of the time axis, left to right. */
export function axisLabels(page: string): string[] {
  const axis = /<g class="axis axis-x"[\s\S]*?<\/g><\/g>(?!<g transform)/.exec(chartOf(page))?.[0] ?? '';
  return [...axis.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => decodeEntities(match[1]));
}

/** The line above the chart saying how many task runs are drawn and how many counted. */
export function timelineSummaryText(page: string): string | undefined {
  const text = /<p id="timeline-summary"[^>]*>([\s\S]*?)<\/p>/.exec(page)?.[1];
  return text === undefined ? undefined : decodeEntities(text);
}

/** The chart's markup, or '' when the page has none. */
export function chartOf(page: string): string {
  return /<svg class="chart" id="timeline"[\s\S]*?<\/svg>/.exec(page)?.[0] ?? '';
}
