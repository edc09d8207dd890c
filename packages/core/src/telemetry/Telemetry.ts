import type { FlowRun } from '../context/runs';
import type { FlowRunEvent } from '../events/runEvents';
import type { StorageOperation } from './telemetryNames';

/**
 * What the engine reports its flow runs and storage operations to when telemetry is on (task runs reach it as events). Declared apart from its OpenTelemetry implementation
 * so that flowcache's type declarations never name `@opentelemetry/api`: a project without it still type-checks.
 */
export interface Telemetry {
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
