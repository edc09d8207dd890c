import type { Duration, DurationLikeObject } from 'luxon';
import type { TaskRunContext } from '../context/runs';
import type { CachePolicy } from '../policies/CachePolicy';
import type { Serializer } from '../serializers/Serializer';
import type { LockManager } from '../locks/LockManager';
import type { ResultStorage } from '../storage/ResultStorage';
import type { IsolationLevel, TransactionHook } from '../transactions/Transaction';

/**
 * Computes a call's cache key. Calls with equal keys share one cached result; returning `null` or `undefined`
 * means "do not cache this call". Use `taskInputHash` for "same task, same source, same arguments".
 */
export type CacheKeyFn = (context: TaskRunContext, args: readonly unknown[]) => string | null | undefined;

/**
 * How long a result stays valid: a luxon `Duration`, a duration object (`{ hours: 24 }`), an ISO-8601 duration
 * (`'PT24H'`) or milliseconds.
 */
export type CacheExpiration = Duration | DurationLikeObject | string | number;

/**
 * `sync`: a result is written before the call returns. `background`: the call returns at once and the write
 * finishes later; the enclosing flow waits for it before it returns, and `engine.flush()` waits for all.
 */
export type PersistMode = 'sync' | 'background';

export type { IsolationLevel } from '../transactions/Transaction';

/** Options shared by `@Task` and `@Flow`. */
export interface RunOptions {
  /** Name shown in events and warnings. Defaults to `Class.method`. */
  name?: string;
  /** How many times a failed call is run again before its error is thrown. Default 0. */
  retries?: number;
  /**
   * How long to wait between a failure and the next attempt, in any `CacheExpiration` form (`{ seconds: 5 }`,
   * `'PT5S'`, milliseconds), at most 2147483647 ms (about 24.8 days, Node's longest timer). Default 0.
   */
  retryDelay?: CacheExpiration;
  /**
   * `true`: results are written to the result storage (they survive restarts and are shared by every process
   * using that storage). `false`: kept in memory only. Unset: a task follows its flow, then the
   * `persistResultsByDefault` setting; a task with any cache or storage option persists unless this is `false`.
   */
  persistResult?: boolean;
  /** Where results are written; default: the flow's, then the container's `RESULT_STORAGE`. */
  resultStorage?: ResultStorage;
  /** How results are turned into bytes: a `Serializer`, or `json` (default), `v8`, `gzip+json`, `brotli+v8`... */
  resultSerializer?: Serializer | string;
  /** When results are written (see `PersistMode`); default `sync`. */
  persistMode?: PersistMode;
  /**
   * `true`: a result that cannot be serialized, or a `sync` write that fails, fails the call instead of being
   * returned with a warning. Default: the `strictPersistence` setting (`FLOWCACHE_STRICT_PERSISTENCE`).
   */
  strictPersistence?: boolean;
}

/** Options of `@Task`. */
export interface TaskOptions extends RunOptions {
  /**
   * Computes the cache key of a call (see `CacheKeyFn`); wins over `cachePolicy`. Pass `taskInputHash` to reuse
   * results across flow runs.
   */
  cacheKeyFn?: CacheKeyFn;
  /**
   * What the key is made of. Default `DEFAULT` (INPUTS + TASK_SOURCE + RUN_ID): results are reused only within
   * one flow run. `INPUTS.add(TASK_SOURCE)` reuses them across runs; `NONE` never caches.
   */
  cachePolicy?: CachePolicy;
  /**
   * How long a result stays valid after it is computed (see `CacheExpiration`), at most 1000 years (`'P1000Y'`):
   * the record stores its expiry as a date. Default: for ever.
   */
  cacheExpiration?: CacheExpiration;
  /**
   * `true`: always run the body and overwrite the cached result. `false`: never, even when refresh is asked for
   * by the setting (`FLOWCACHE_REFRESH_CACHE`) or by `withCacheOverrides`. Default: follow those.
   */
  refreshCache?: boolean;
  /**
   * `true`: a call whose key cannot be computed (an unhashable argument, a failing key function) throws instead
   * of running uncached with a warning. Default: the `strictKeys` setting (`FLOWCACHE_STRICT_KEYS`).
   */
  strictKeys?: boolean;
  /**
   * Stands for the method's source in keys: results stay valid across builds and edits until you change it.
   * Without it, any change of the method's compiled source invalidates its results.
   */
  version?: string;
  /** `false`: do not keep results in the in-memory tier (large values); read them from storage instead. */
  cacheResultInMemory?: boolean;
  /**
   * A template for the record's storage key, which is also the cache key (as in Prefect):
   * `'reports/{parameters.day}'`. Placeholders: `taskName`, `taskRun.id`, `flowRun.id`, `flowRun.name`, `date`,
   * `parameters.<name>`, `flowRun.parameters.<name>`; substituted values can never escape the store. Use it
   * instead of `cacheKeyFn`, not with it. A template without placeholders (`'daily-report'`) is one key for every
   * call: a record stored there is a hit whatever the arguments (flowcache warns once per task).
   */
  resultStorageKey?: string;
  /** See `IsolationLevel`. `SERIALIZABLE` needs a lock manager: this option's, or the container's `LOCK_MANAGER`. */
  isolationLevel?: IsolationLevel;
  /** The lock manager for `SERIALIZABLE` calls of this task; default the container's `LOCK_MANAGER`. */
  lockManager?: LockManager;
  /**
   * Runs once when a call's result is committed: after its record is written, at the end of the call, or when
   * the enclosing transaction commits. Not on cache hits (nothing was computed).
   */
  onCommit?: TransactionHook | readonly TransactionHook[];
  /**
   * Runs when a call that completed is rolled back, because an error ended an enclosing transaction: undo here
   * what the body did outside the cache. Hooks run latest first; their errors are reported, never thrown.
   */
  onRollback?: TransactionHook | readonly TransactionHook[];
}

/** Options of `@Flow`. Flows are not cached themselves; they group the task runs they make. */
export type FlowOptions = RunOptions;

export const RUN_OPTION_NAMES = [
  'name',
  'retries',
  'retryDelay',
  'persistResult',
  'resultStorage',
  'resultSerializer',
  'persistMode',
  'strictPersistence',
] as const;
export const TASK_OPTION_NAMES = [
  ...RUN_OPTION_NAMES,
  'cacheKeyFn',
  'cachePolicy',
  'cacheExpiration',
  'refreshCache',
  'strictKeys',
  'version',
  'cacheResultInMemory',
  'resultStorageKey',
  'isolationLevel',
  'lockManager',
  'onCommit',
  'onRollback',
] as const;
