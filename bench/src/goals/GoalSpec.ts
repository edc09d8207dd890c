import type { CaseReference } from '../paired/BatchCase';
import type { Clock } from '../paired/BatchTiming';
import type { AtLeast, AtMost } from '../paired/goalLine';

/** One figure of issue 18: ours against a peer or a floor, on one clock, with its limit. */
export interface GoalSpec {
  readonly text: string;
  readonly ours: CaseReference;
  readonly theirs: CaseReference;
  readonly clock: Clock;
  readonly limit: AtMost | AtLeast;
}
