/** When a run started and ended, in milliseconds since the epoch, with `start <= end`. */
export interface RunTimes {
  readonly start: number;
  readonly end: number;
}

/**
 * A run's times as stored in the run history, read for drawing, or `undefined` when its start is not a time. The
 * history is stored text: an end that is not a time, or before the start, is the start plus the run's duration
 * (none when that is negative), so nothing downstream meets a NaN or a run that ends before it began.
 */
export function readRunTimes(run: { startedAt: string; endedAt: string; durationMs: number }): RunTimes | undefined {
  const start = Date.parse(run.startedAt);
  if (!Number.isFinite(start)) return undefined;
  const end = Date.parse(run.endedAt);
  if (Number.isFinite(end) && end >= start) return { start, end };
  const duration = Number.isFinite(run.durationMs) ? Math.max(0, run.durationMs) : 0;
  return { start, end: start + duration };
}

/** `times` cut to the window `[window.start, window.end]`, where a chart draws: a run outside it sits at its edge. */
export function clampRunTimes(times: RunTimes, window: RunTimes): RunTimes {
  const start = Math.min(Math.max(times.start, window.start), window.end);
  return { start, end: Math.min(Math.max(times.end, start), window.end) };
}
