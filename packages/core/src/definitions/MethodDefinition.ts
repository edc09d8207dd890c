import type { CacheKeyFn, IsolationLevel, PersistMode } from '../decorators/options';
import type { LockManager } from '../locks/LockManager';
import type { Serializer } from '../serializers/Serializer';
import type { ResultStorage } from '../storage/ResultStorage';
import type { CachePolicy } from '../policies/CachePolicy';
import type { TransactionHook } from '../transactions/Transaction';
import type { TaskInfo } from './TaskInfo';
import type { KeyRecipe } from './keyRecipe';

export type MethodBody = (this: object, ...args: unknown[]) => Promise<unknown>;

/** Everything the engine needs about one decorated method, fixed at decoration time. */
export interface MethodDefinition extends TaskInfo {
  readonly kind: 'task' | 'flow';
  readonly body: MethodBody;
  readonly hasRestParameter: boolean;
  readonly retries: number;
  readonly retryDelayMs: number;
  readonly cacheKeyFn: CacheKeyFn | undefined;
  readonly cachePolicy: CachePolicy | undefined;
  /** How its keys are made (from the two options above), decided once at decoration. */
  readonly keyRecipe: KeyRecipe;
  /** How long a result stays valid after it is computed; `undefined` for ever. */
  readonly expirationMs: number | undefined;
  /** `undefined` follows the per-call override, then the setting. */
  readonly refreshCache: boolean | undefined;
  /** `undefined` follows the setting. */
  readonly strictKeys: boolean | undefined;
  /** Explicit, or implied by a cache or storage option; `undefined` follows the flow, then the setting. */
  readonly persistResult: boolean | undefined;
  readonly resultStorage: ResultStorage | undefined;
  readonly resultSerializer: Serializer | undefined;
  readonly persistMode: PersistMode | undefined;
  readonly strictPersistence: boolean | undefined;
  readonly isolationLevel: IsolationLevel;
  readonly lockManager: LockManager | undefined;
  readonly cacheResultInMemory: boolean;
  readonly onCommit: readonly TransactionHook[];
  readonly onRollback: readonly TransactionHook[];
}
