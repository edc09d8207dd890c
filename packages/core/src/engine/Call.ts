import type { CacheOverrides } from '../context/runContext';
import type { TaskRun } from '../context/runs';
import type { MethodDefinition } from '../definitions/MethodDefinition';
import type { ResultStorage } from '../storage/ResultStorage';
import type { Transaction } from '../transactions/Transaction';
import type { Engine } from './Engine';

/** Everything about one call that the steps below need. */
export interface Call {
  readonly engine: Engine;
  readonly task: MethodDefinition;
  readonly instance: object;
  readonly args: unknown[];
  readonly startedAt: number | undefined;
  readonly taskRun: TaskRun;
  readonly overrides: CacheOverrides | undefined;
  /** The transaction the call was made in; the call runs in a transaction of its own inside it. */
  readonly transaction: Transaction | undefined;
  /**
   * The result storage the call reads or writes its result in, once known, for its event. Set from the start (as
   * `undefined`), so that setting it later does not change the object's shape on the hit path.
   */
  storage: ResultStorage | undefined;
}
