import { formatCount } from '../../shared/countedRuns';
import { html, type SafeHtml } from '../html';
import { recordKeyOf } from '../parts/recordKeyOf';
import { flowRunUrl, recordUrl, taskRunUrl } from '../urls';
import { bottomAxis, round } from './axes';
import { countedRow, LABEL_CHARACTERS } from './countedRows';
import { elapsedScale } from './elapsedScale';
import { STATE_COLORS, STATE_ORDER, stateColor } from './stateColors';
import { legend } from './legend';
import { svgChart } from './svgChart';
import type { SubflowRow, TaskRunRow, Timeline } from './timelineRows';
import { shorten, subflowTooltip, taskRunTooltip } from './timelineTooltips';

const LABEL_WIDTH = 300;
const PLOT_WIDTH = 700;
const ROW_HEIGHT = 18;
const BAR_HEIGHT = 12;
/** Every bar is at least this wide: a 0 ms hit still shows, and no wider, so it still reads as instant. */
export const MIN_BAR_WIDTH = 2;
const INDENT = 14;
// Deeper subflows are indented no further: the labels stay in their column however deep a history nests.
const MAX_INDENT_DEPTH = 8;
const AXIS_ROOM = 44;
const COUNTED_HEADING_ROOM = 26;
// What the colours mean: the states, and the subflows' grey.
const LEGEND = legend([...STATE_ORDER.map((state) => [state, STATE_COLORS[state]] as const), ['subflow', '#8a939d']]);

/**
 * A flow run as a Gantt chart: one row per task run and subflow run on a shared axis of the time since the run
 * started, bars coloured by state, each subflow's runs under it and indented; below the axis, the runs only
 * counted, one row per task (or flow). A bar links to its task run's row (on this page, or its subflow's), a
 * label to the record the run left or was served from, a subflow to its page.
 */
export function timelineChart(timeline: Timeline, topLevel: string): SafeHtml {
  const { rows, counted } = timeline;
  const plotHeight = rows.length * ROW_HEIGHT;
  const { scale, unit } = elapsedScale(timeline.span.end - timeline.span.start, PLOT_WIDTH);
  const x = (ms: number) => scale(ms / unit.ms);
  const countedTop = rows.length === 0 ? 0 : plotHeight + AXIS_ROOM;
  const countedHeight = counted.length === 0 ? 0 : COUNTED_HEADING_ROOM + counted.length * ROW_HEIGHT;
  const frame = {
    width: PLOT_WIDTH,
    height: plotHeight,
    margin: { top: 8, right: 24, bottom: countedTop - plotHeight + countedHeight + 8, left: LABEL_WIDTH },
  };
  const drawn = rows.map((row, index) => {
    const y = index * ROW_HEIGHT;
    const labelX = -LABEL_WIDTH + 6 + Math.min(row.depth, MAX_INDENT_DEPTH) * INDENT;
    return row.kind === 'task' ? taskRunBar(row, y, labelX, x, topLevel) : subflowBar(row, y, labelX, x, topLevel);
  });
  const axis =
    rows.length > 0 &&
    html`${bottomAxis(scale, plotHeight, { count: 8, format: (tick) => `${tick} ${unit.name}` })}\
<text class="axis-title" x="${PLOT_WIDTH / 2}" y="${plotHeight + 36}" text-anchor="middle">\
time since the flow run started (${unit.name})</text>`;
  const countedRows =
    counted.length > 0 &&
    html`<text class="counted-heading" x="${-LABEL_WIDTH + 6}" y="${countedTop + 14}">\
Counted, not kept one by one: not on the time axis; each bar is split by the runs' states</text>${counted.map(
      (group, index) =>
        countedRow(
          group,
          countedTop + COUNTED_HEADING_ROOM + index * ROW_HEIGHT + 3,
          -LABEL_WIDTH + 6,
          PLOT_WIDTH,
          BAR_HEIGHT,
        ),
    )}`;
  const label = `Timeline of the flow run: ${formatCount(timeline.taskRuns.drawn)} task runs on a time axis, \
${formatCount(counted.reduce((sum, group) => sum + group.count, 0))} runs counted`;
  return html`${svgChart('timeline', label, frame, html`${axis}${drawn}${countedRows}`)}${rows.length > 0 && LEGEND}`;
}

function taskRunBar(row: TaskRunRow, y: number, labelX: number, x: (ms: number) => number, topLevel: string): SafeHtml {
  const { taskRun, times } = row;
  const recordKey = recordKeyOf(taskRun);
  const text = rowLabel(taskRun.taskName, labelX, y);
  // A subflow's task runs have their rows on the subflow's page.
  const href = taskRunUrl(taskRun.taskRunId, row.depth === 0 ? undefined : row.flowRunId, topLevel);
  return html`<g class="timeline-row" data-depth="${row.depth}">\
${recordKey === undefined ? text : html`<a href="${recordUrl(recordKey)}">${text}</a>`}\
<a href="${href}">${bar('bar', taskRun.state, times.start, times.end, y, x, taskRunTooltip(taskRun, times))}</a></g>`;
}

function subflowBar(row: SubflowRow, y: number, labelX: number, x: (ms: number) => number, topLevel: string): SafeHtml {
  const { flowRun, times } = row;
  const href = flowRunUrl(flowRun.flowRunId, topLevel);
  const drawn =
    times === undefined
      ? html`<text class="muted-note" x="4" y="${y + ROW_HEIGHT / 2}" dy="0.32em">times unreadable</text>`
      : bar('subflow-bar', flowRun.state, times.start, times.end, y, x, subflowTooltip(flowRun));
  return html`<g class="timeline-row subflow-row" data-depth="${row.depth}">\
<a href="${href}">${rowLabel(flowRun.flowName, labelX, y)}</a><a href="${href}">${drawn}</a></g>`;
}

// A bar from `start` to `end` (ms since the run started), at least MIN_BAR_WIDTH wide and kept inside the plot.
function bar(
  kind: string,
  state: string,
  start: number,
  end: number,
  y: number,
  x: (ms: number) => number,
  tooltip: string,
): SafeHtml {
  const left = x(start);
  const width = Math.max(x(end) - left, MIN_BAR_WIDTH);
  const placed = Math.max(0, Math.min(left, PLOT_WIDTH - width));
  const color = stateColor(state);
  // `color`: a subflow's bar is outlined in its state's colour (the style sheet strokes it with currentColor).
  return html`<rect class="${kind}" data-state="${state}" x="${round(placed)}" \
y="${y + (ROW_HEIGHT - BAR_HEIGHT) / 2}" width="${round(width)}" height="${BAR_HEIGHT}" fill="${color}"\
${kind === 'subflow-bar' && html` color="${color}"`}><title>${tooltip}</title></rect>`;
}

function rowLabel(name: string, labelX: number, y: number): SafeHtml {
  const shown = shorten(name, LABEL_CHARACTERS);
  return html`<text class="row-label" x="${labelX}" y="${y + ROW_HEIGHT / 2}" dy="0.32em">\
${shown === name ? '' : html`<title>${name}</title>`}${shown}</text>`;
}
