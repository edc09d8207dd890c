import { type ScaleLinear, scaleLinear } from 'd3-scale';

/** A unit of elapsed time an axis counts in. */
export interface ElapsedUnit {
  readonly name: string;
  readonly ms: number;
}

const UNITS: readonly ElapsedUnit[] = [
  { name: 'ms', ms: 1 },
  { name: 's', ms: 1_000 },
  { name: 'min', ms: 60_000 },
  { name: 'h', ms: 3_600_000 },
  { name: 'days', ms: 86_400_000 },
];

/**
 * A linear scale of the time elapsed since a run started, counted in the largest unit of which the run lasted at
 * least two (a 30 ms run in ms, a 5 minute one in min), so that d3's round ticks are round durations: `0 s`,
 * `0.5 s`, `1 s`, never `0 ms`, `500 ms`, `1,000 ms`. The scale maps a time in that unit to pixels.
 */
export function elapsedScale(
  durationMs: number,
  width: number,
): { scale: ScaleLinear<number, number>; unit: ElapsedUnit } {
  const unit = [...UNITS].reverse().find((candidate) => durationMs >= 2 * candidate.ms) ?? UNITS[0];
  return {
    scale: scaleLinear()
      .domain([0, durationMs / unit.ms])
      .range([0, width]),
    unit,
  };
}
