/**
 * The largest count or duration a reader takes from one stored number. Sums of many such numbers stay finite
 * (it would take about 2^970 of them to reach Infinity), so a planted `1e308` can neither make a total `Infinity`
 * nor a ratio of two totals `NaN`; real counts and durations are far below it (285 000 years in milliseconds).
 */
export const MAX_STORED_AMOUNT = Number.MAX_SAFE_INTEGER;

/**
 * A count or a duration read from the run history, made safe to add: anything but a finite number ≥ 0 counts
 * for nothing, and a larger one than `MAX_STORED_AMOUNT` for that much.
 */
export function storedAmount(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.min(value, MAX_STORED_AMOUNT) : 0;
}
