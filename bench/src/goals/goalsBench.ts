import { details, goal } from '../paired/goalLine';
import { measurePaired } from '../paired/measurePaired';
import { GOALS } from './goalList';

/**
 * Every goal of issue 18 with its figure and met/short: each side in a process of its own, batches alternated,
 * the median (and interquartile range) of per-round ratios.
 */
export async function benchGoals(): Promise<void> {
  console.log(
    '\nGoals of issue 18 (ours/theirs per operation: median of paired per-round ratios, IQR; ' +
      'CPU time for I/O-free figures, wall time for I/O)',
  );
  for (const spec of GOALS) {
    const measured = await measurePaired({ ours: spec.ours, theirs: spec.theirs, clock: spec.clock });
    console.log(goal(spec.text, measured, spec.limit));
    console.log(details(measured));
  }
}
