import type { FlowRun, TaskRun } from '../context/runs';
import type { FlowRunEvent } from '../events/runEvents';
import type { StorageOperation } from './telemetryNames';

/**
 * What the engine reports its runs and storage operations to when telemetry is on (task runs end as events). Declared
 * apart from its OpenTelemetry implementation
 * so that flowcache's type declarations never name `@opentelemetry/api`: a project without it still type-checks.
 */
export interface Telemetry {
  /**
   * Runs an attempt of a task run's body in the run's span (opened at the first attempt, from `startedAt`, a
   * `performance.now()` time; ended when the run is reported), so that what the body calls is its child.
   */
  runTaskBody<T>(taskRun: TaskRun, startedAt: number | undefined, body: () => T): T;
  /** A flow run starts now: its body runs in `run`, and `end` reports how it ended; `undefined`: not reported. */
  startFlowRun(flowRun: FlowRun): FlowRunTelemetry | undefined;
  /** Runs a storage operation, recording how long it took. */
  measureStorage<T>(operation: StorageOperation, location: string, work: () => Promise<T>): Promise<T>;
}

/** One flow run's span, open while the run lasts. */
export interface FlowRunTelemetry {
  run<T>(body: () => T): T;
  end(event: FlowRunEvent): void;
}
