import { AsyncLocalStorage } from 'node:async_hooks';
import type { Transaction } from '../transactions/Transaction';
import type { ActiveFlowRun } from './ActiveFlowRun';
import type { ActiveTaskRun } from './ActiveTaskRun';
import type { FlowRun, TaskRun } from './runs';

/** Per-call cache behaviour for a block of code; see `withCacheOverrides`. */
export interface CacheOverrides {
  /** Run task bodies and overwrite their cached results (tasks with `refreshCache: false` excepted). */
  readonly refresh?: boolean;
}

export interface ActiveRuns {
  readonly flowRun: ActiveFlowRun | undefined;
  readonly taskRun: ActiveTaskRun | undefined;
  readonly overrides: CacheOverrides | undefined;
  /** The innermost transaction: a task call's own, or one opened by `transaction()`. */
  readonly transaction?: Transaction;
  /** The id the next top-level flow run takes (see `resumeFlowRun`). */
  readonly resumeFlowRunId?: string;
}

// AsyncLocalStorage keeps concurrent flows apart: each await chain sees the runs it was started in.
const storage = new AsyncLocalStorage<ActiveRuns>();

/** The flow run, task run and overrides the current code runs in, read in one look-up. */
export function activeRuns(): ActiveRuns | undefined {
  return storage.getStore();
}

/** The flow run the current code runs in, or `undefined` outside any `@Flow`. */
export function currentFlowRun(): FlowRun | undefined {
  return storage.getStore()?.flowRun;
}

/** The task run the current code runs in, or `undefined` outside any `@Task`. */
export function currentTaskRun(): TaskRun | undefined {
  return storage.getStore()?.taskRun;
}

/** The innermost transaction the current code runs in: a task call's own, or one opened by `transaction()`. */
export function currentTransaction(): Transaction | undefined {
  return storage.getStore()?.transaction;
}

/**
 * Runs `body` with cache overrides for every task called inside it, however deep:
 * `await withCacheOverrides({ refresh: true }, () => reports.nightly(day))` recomputes and overwrites.
 */
export function withCacheOverrides<T>(overrides: CacheOverrides, body: () => T): T {
  const active = storage.getStore();
  return storage.run({ flowRun: active?.flowRun, taskRun: active?.taskRun, ...active, overrides }, body);
}

/**
 * Runs `body` so that the flow it calls continues the flow run `flowRunId` instead of starting a new one: after
 * a crash, in a new process, the tasks whose results that run persisted are not run again (their default keys
 * include the flow run id). `await resumeFlowRun(id, () => reports.nightly(day))`.
 */
export function resumeFlowRun<T>(flowRunId: string, body: () => T): T {
  const active = storage.getStore();
  return storage.run(
    {
      flowRun: active?.flowRun,
      taskRun: active?.taskRun,
      overrides: active?.overrides,
      ...active,
      resumeFlowRunId: flowRunId,
    },
    body,
  );
}

export function runInFlowRun<T>(flowRun: ActiveFlowRun, body: () => T): T {
  const active = storage.getStore();
  return storage.run(
    { flowRun, taskRun: undefined, overrides: active?.overrides, transaction: active?.transaction },
    body,
  );
}

export function runInTaskRun<T>(
  taskRun: ActiveTaskRun,
  overrides: CacheOverrides | undefined,
  transaction: Transaction,
  body: () => T,
): T {
  return storage.run({ flowRun: taskRun.flowRun, taskRun, overrides, transaction }, body);
}

/** Runs `body` inside `transaction`, with cache overrides for the calls it makes. */
export function runInTransaction<T>(transaction: Transaction, overrides: CacheOverrides | undefined, body: () => T): T {
  const active = storage.getStore();
  return storage.run({ flowRun: active?.flowRun, taskRun: active?.taskRun, ...active, overrides, transaction }, body);
}
