import type { CacheMiss } from '../events/runEvents';
import type { CommitOutcome } from '../transactions/CommitOutcome';
import type { Transaction } from '../transactions/Transaction';

/** @internal What a cached call ends with: the value it returns, and whether that value is committed. */
export interface ResolvedCall {
  readonly value: unknown;
  /** Decided when the result is committed or rolled back; already committed for a result read from the cache. */
  readonly outcome: CommitOutcome;
  /** How long the body took to compute the value, in milliseconds, when known: what a call given it is spared. */
  readonly computeMs: number | undefined;
}

/** @internal A result found for a call without running its body, or why there is none to use. */
export type Lookup =
  | ({ readonly hit: true } & ResolvedCall)
  | { readonly hit: false; readonly reason: CacheMiss['reason'] };

/** @internal A cached call running now, which identical calls join instead of running the body again. */
export interface RunningCall {
  /**
   * The call's own transaction (opened before the call is registered): its root, the outermost transaction, is
   * the tree whose commit outsiders wait for; a call made inside it is one of the calls this one is waiting for.
   */
  readonly transaction: Transaction;
  /** Settles when the call ends (its own transaction included): its value and outcome, or its error. */
  readonly resolution: Promise<ResolvedCall>;
}
