import { details, goal } from '../paired/goalLine';
import { measurePaired } from '../paired/measurePaired';
import type { GoalSpec } from './GoalSpec';
import { GOALS } from './goalList';

/** The goal's number as its text starts (`1`, `4a`), as `FLOWCACHE_GOALS` names it. */
function goalNumber(spec: GoalSpec): string {
  return spec.text.slice(0, spec.text.indexOf('.'));
}

/**
 * Every goal of issue 18 with its figure and met/short: each side in a process of its own, batches alternated,
 * the median (and interquartile range) of per-round ratios. `FLOWCACHE_GOALS=4a,4b` measures those goals only.
 */
export async function benchGoals(): Promise<void> {
  const only = process.env.FLOWCACHE_GOALS?.split(',').map((number) => number.trim());
  const goals = only === undefined ? GOALS : GOALS.filter((spec) => only.includes(goalNumber(spec)));
  if (goals.length === 0) throw new Error(`FLOWCACHE_GOALS names no goal; the goals are ${GOALS.map(goalNumber)}`);
  console.log(
    '\nGoals of issue 18 (ours/theirs per operation: median of paired per-round ratios, IQR; ' +
      'CPU time for I/O-free figures, wall time for I/O)',
  );
  for (const spec of goals) {
    const measured = await measurePaired({ ours: spec.ours, theirs: spec.theirs, clock: spec.clock });
    console.log(goal(spec.text, measured, spec.limit));
    console.log(details(measured));
  }
}
