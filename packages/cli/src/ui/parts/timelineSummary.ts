import { formatCount } from '../../shared/countedRuns';
import type { Timeline } from '../charts/timelineRows';
import { html, type SafeHtml } from '../html';

/**
 * The line above a timeline: how many task runs it draws on its time axis and how many it only counts, and why:
 * "5 000 task runs: 500 drawn on the time axis, 4 500 counted only (4 000 beyond the runHistoryDetail setting,
 * 500 beyond the chart's 500 rows)."
 */
export function timelineSummary({ taskRuns, rowLimit }: Timeline): SafeHtml {
  const counted = taskRuns.countedByHistory + taskRuns.beyondRows + taskRuns.unreadableTimes;
  const total = taskRuns.drawn + counted;
  const reasons = [
    taskRuns.countedByHistory > 0 && `${formatCount(taskRuns.countedByHistory)} beyond the runHistoryDetail setting`,
    taskRuns.beyondRows > 0 && `${formatCount(taskRuns.beyondRows)} beyond the chart's ${formatCount(rowLimit)} rows`,
    taskRuns.unreadableTimes > 0 && `${formatCount(taskRuns.unreadableTimes)} with a start that is not a time`,
  ].filter((reason): reason is string => reason !== false);
  const runs = `${formatCount(total)} task run${total === 1 ? '' : 's'}`;
  const text =
    counted === 0
      ? `${runs}, all drawn on the time axis.`
      : `${runs}: ${formatCount(taskRuns.drawn)} drawn on the time axis, ${formatCount(counted)} counted only \
(${reasons.join(', ')}).`;
  return html`<p id="timeline-summary" class="muted">${text}</p>`;
}
