/**
 * How a task run ended: its body ran and returned, its result came from the cache, or it threw. A run that
 * completed in a transaction that then rolled back is reported a second time, as `RolledBack`: its result was
 * never committed.
 */
export type TaskRunState = 'Completed' | 'Cached' | 'Failed' | 'RolledBack';

/** Why a call with a cache key ran its body. */
export interface CacheMiss {
  /**
   * `absent`: no result under the key; `expired`: its result had expired; `refresh`: a refresh was asked for;
   * `unreadable`: a stored result could not be used (corrupt, unknown format, storage unreachable; a warning
   * says which); `uncommitted`: the stored result was written by a transaction whose commit has not completed
   * (in progress, or its process stopped mid-commit: then none of its records are used).
   */
  readonly reason: 'absent' | 'expired' | 'refresh' | 'unreadable' | 'uncommitted';
  /**
   * The key components (`inputs.day`, `runId`, `taskSource`...) that differ from the task's latest stored
   * result, when both are known: for tasks keyed by a policy or by `taskInputHash`, while listeners are
   * subscribed.
   */
  readonly changed?: readonly string[];
}

/** Emitted once per `@Task` call, after it settles. */
export interface TaskRunEvent {
  readonly taskName: string;
  readonly taskRunId: string;
  /** `undefined` when the task was called outside any flow. */
  readonly flowRunId: string | undefined;
  readonly flowRunName: string | undefined;
  /** `undefined` when the call was not cached (its key function returned nothing or failed). */
  readonly cacheKey: string | undefined;
  readonly state: TaskRunState;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly durationMs: number;
  /** Why the body ran although the call had a key; `undefined` for hits and uncached calls. */
  readonly cacheMiss?: CacheMiss;
  /** How many times the body ran: 0 on a cache hit, more than 1 after retries. */
  readonly attempts: number;
  /**
   * The location of the result storage (`file:///…`, `s3://bucket/prefix`) the run looked its result up in or
   * wrote it to, or that its memory hit was read from; absent for results kept in memory only.
   */
  readonly storage?: string;
  /** The error thrown, for `Failed`. */
  readonly error?: unknown;
  /**
   * For `Cached`: how long the body took, in milliseconds, to compute the result this call returned without
   * running it (the compute time the hit spared). Absent when unknown.
   */
  readonly savedMs?: number;
}

/** How a flow run ended. */
export type FlowRunState = 'Completed' | 'Failed';

/** Emitted once per `@Flow` call, after it settles. */
export interface FlowRunEvent {
  readonly flowName: string;
  readonly flowRunId: string;
  readonly parentFlowRunId: string | undefined;
  readonly parameters: Readonly<Record<string, unknown>>;
  readonly state: FlowRunState;
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly durationMs: number;
  readonly attempts: number;
  readonly error?: unknown;
}
