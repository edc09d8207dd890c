import { performance } from 'node:perf_hooks';
import { ActiveTaskRun } from '../context/ActiveTaskRun';
import { activeRuns, type CacheOverrides } from '../context/runContext';
import type { MethodDefinition } from '../definitions/MethodDefinition';
import type { CacheMiss, TaskRunEvent, TaskRunState } from '../events/runEvents';
import type { ResultStorage } from '../storage/ResultStorage';
import type { Transaction } from '../transactions/Transaction';
import type { Engine } from './Engine';

/**
 * One `@Task` call on its way through the engine: what each step of `runTask` needs, and how the call reports
 * its task run. Reporting emits the run's event, if anyone listens, and adds the run to its flow run's history
 * when that is kept: building an event costs as much as a cache hit, so it is built only then. Beyond the
 * history's detail budget, with no listener, the run is only counted: no event, no run id.
 */
export class TaskCall {
  readonly taskRun: ActiveTaskRun;
  readonly overrides: CacheOverrides | undefined;
  /** The transaction the call was made in; the call runs in a transaction of its own inside it. */
  readonly transaction: Transaction | undefined;
  /** When the call started, when its run is reported (listeners, or the flow run's history); else `undefined`. */
  readonly startedAt: number | undefined;
  /** Its cache key once computed; `undefined` for a call that is not cached. */
  key: string | undefined = undefined;
  /** The result storage the call reads or writes its result in, once known, for its event. */
  storage: ResultStorage | undefined = undefined;

  constructor(
    readonly engine: Engine,
    readonly task: MethodDefinition,
    readonly instance: object,
    readonly args: unknown[],
  ) {
    const active = activeRuns();
    this.taskRun = new ActiveTaskRun(task, active?.flowRun, active?.taskRun);
    this.overrides = active?.overrides;
    this.transaction = active?.transaction;
    this.startedAt = this.isReported() ? performance.now() : undefined;
  }

  /** Whether its run is reported at all: someone listens, or its flow run's history is recorded. */
  isReported(): boolean {
    return !this.engine.taskRunListeners.isEmpty || this.taskRun.flowRun?.recording !== undefined;
  }

  /**
   * The call returned a result it did not compute: from memory, storage, its transaction or an identical call.
   * `computeMs`: how long the body took to compute that result, when known (the time the call was spared).
   */
  reportCached(computeMs: number | undefined): void {
    this.report('Cached', 0, undefined, undefined, computeMs);
  }

  /** The body returned a value after `attempts` attempts; `miss` says why it had to run (for a cached call). */
  reportCompleted(attempts: number, miss: CacheMiss | undefined): void {
    this.report('Completed', attempts, miss);
  }

  /** The call failed: its body (after `attempts` attempts), or a step before it (0 attempts). */
  reportFailed(error: unknown, attempts = 0, miss?: CacheMiss): void {
    this.report('Failed', attempts, miss, error);
  }

  /** The result it completed with, after `attempts` attempts, was undone: its transaction rolled back. */
  reportRolledBack(attempts: number): void {
    this.report('RolledBack', attempts);
  }

  private report(
    state: TaskRunState,
    attempts: number,
    cacheMiss?: CacheMiss,
    error?: unknown,
    savedMs?: number,
  ): void {
    const { engine, taskRun } = this;
    const recording = taskRun.flowRun?.recording;
    const listened = !engine.taskRunListeners.isEmpty;
    if (!listened && recording === undefined) return;
    const endedAt = performance.now();
    const started = this.startedAt ?? endedAt; // a listener added while the call ran
    if (!listened && recording?.onlyCounts(this.task.name, state, this.key)) {
      recording.count(this.task.name, state, endedAt - started, cacheMiss?.reason, savedMs);
      return;
    }
    const event: TaskRunEvent = {
      taskName: this.task.name,
      taskRunId: taskRun.id,
      flowRunId: taskRun.flowRun?.id,
      flowRunName: taskRun.flowRun?.name,
      cacheKey: this.key,
      state,
      startedAt: new Date(performance.timeOrigin + started),
      endedAt: new Date(performance.timeOrigin + endedAt),
      durationMs: endedAt - started,
      attempts,
      ...(cacheMiss === undefined ? {} : { cacheMiss }),
      ...(this.storage === undefined ? {} : { storage: this.storage.location }),
      ...(state === 'Failed' ? { error } : {}),
      ...(savedMs === undefined ? {} : { savedMs }),
    };
    if (listened) engine.taskRunListeners.emit(event);
    recording?.record(event);
  }
}
