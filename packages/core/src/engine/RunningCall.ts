import type { CommitOutcome } from '../transactions/CommitOutcome';
import type { Transaction } from '../transactions/Transaction';

/** @internal What a cached call ends with: the value it returns, and whether that value is committed. */
export interface ResolvedCall {
  readonly value: unknown;
  /** Decided when the result is committed or rolled back; already committed for a result read from the cache. */
  readonly outcome: CommitOutcome;
}

/** @internal A cached call running now, which identical calls join instead of running the body again. */
export interface RunningCall {
  /** The outermost transaction the call was made in; `undefined` outside any transaction. */
  readonly tree: Transaction | undefined;
  /** Settles when the call ends (its own transaction included): its value and outcome, or its error. */
  readonly resolution: Promise<ResolvedCall>;
}
