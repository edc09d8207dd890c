import type { FlowRun } from '../context/runs';
import type { FlowRunEvent, TaskRunEvent } from '../events/runEvents';
import type { StorageOperation } from './telemetryNames';

/**
 * What the engine reports its runs to when telemetry is on. Declared apart from its OpenTelemetry implementation
 * so that flowcache's type declarations never name `@opentelemetry/api`: a project without it still type-checks.
 */
export interface Telemetry {
  /** A task run ended (the engine's task-run event). */
  taskRunEnded(event: TaskRunEvent): void;
  /** A flow run starts now: its body runs in `run`, and `end` reports how it ended. */
  startFlowRun(flowRun: FlowRun): FlowRunTelemetry;
  /** Runs a storage operation, recording how long it took. */
  measureStorage<T>(operation: StorageOperation, location: string, work: () => Promise<T>): Promise<T>;
}

/** One flow run's span, open while the run lasts. */
export interface FlowRunTelemetry {
  run<T>(body: () => T): T;
  end(event: FlowRunEvent): void;
}
