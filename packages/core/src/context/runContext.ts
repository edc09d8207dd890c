import { AsyncLocalStorage } from 'node:async_hooks';
import type { FlowRun, TaskRun } from './runs';

export interface ActiveRuns {
  readonly flowRun: FlowRun | undefined;
  readonly taskRun: TaskRun | undefined;
}

// AsyncLocalStorage keeps concurrent flows apart: each await chain sees the runs it was started in.
const storage = new AsyncLocalStorage<ActiveRuns>();

/** The flow run and task run the current code runs in, read in one look-up. */
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

export function runInFlowRun<T>(flowRun: FlowRun, body: () => T): T {
  return storage.run({ flowRun, taskRun: undefined }, body);
}

export function runInTaskRun<T>(taskRun: TaskRun, body: () => T): T {
  return storage.run({ flowRun: taskRun.flowRun, taskRun }, body);
}
