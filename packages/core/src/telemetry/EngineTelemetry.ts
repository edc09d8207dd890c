import { performance } from 'node:perf_hooks';
import type { FlowRun } from '../context/runs';
import type { TaskRunEvent } from '../events/runEvents';
import { asException, errorMessage, errorType } from './describeError';
import { FlowRunSpan } from './FlowRunSpan';
import { createInstruments, type Instruments } from './instruments';
import type { OpenTelemetry } from './openTelemetryApi';
import type { Telemetry } from './Telemetry';
import { cacheLookupAttributes, cacheResult, taskRunMetricAttributes, taskRunSpanAttributes } from './taskRunAttributes';
import { ATTRIBUTES, type StorageOperation } from './telemetryNames';

/**
 * What one engine reports to OpenTelemetry: a span per task run and per flow run, and metrics (runs by state,
 * cache lookups, durations, storage latency). Task runs arrive as the engine's task-run events; flow runs are
 * opened before their body runs, so that their tasks' spans are their children.
 */
export class EngineTelemetry implements Telemetry {
  private made: Instruments | undefined;

  constructor(private readonly api: OpenTelemetry) {}

  // Made at the first report, after the application has registered its providers (see `createInstruments`).
  private get instruments(): Instruments {
    return (this.made ??= createInstruments(this.api));
  }

  /**
   * Reports a finished task run: a span from its call to its result, child of the span active where the task was
   * called (its flow run's, or the application's), and its metrics. A run reported again as `RolledBack` is only
   * counted: its span has ended already.
   */
  taskRunEnded(event: TaskRunEvent): void {
    const { instruments } = this;
    const counted = taskRunMetricAttributes(event);
    instruments.taskRuns.add(1, counted);
    if (event.state === 'RolledBack') return;
    instruments.taskDuration.record(event.durationMs / 1000, counted);
    const result = cacheResult(event);
    if (result !== undefined) instruments.cacheLookups.add(1, cacheLookupAttributes(event, result));
    const span = instruments.tracer.startSpan(
      `task ${event.taskName}`,
      { startTime: event.startedAt, attributes: taskRunSpanAttributes(event) },
      this.api.context.active(),
    );
    if (event.state === 'Failed') {
      span.recordException(asException(event.error), event.endedAt);
      span.setStatus({ code: this.api.SpanStatusCode.ERROR, message: errorMessage(event.error) });
    }
    span.end(event.endedAt);
  }

  /** Opens the span of a flow run that starts now. */
  startFlowRun(flowRun: FlowRun): FlowRunSpan {
    const attributes: Record<string, string> = {
      [ATTRIBUTES.flowName]: flowRun.name,
      [ATTRIBUTES.flowRunId]: flowRun.id,
    };
    if (flowRun.parent !== undefined) attributes[ATTRIBUTES.flowParentRunId] = flowRun.parent.id;
    return new FlowRunSpan(this.api, this.instruments, flowRun.name, attributes);
  }

  /** Runs a storage operation, recording how long it took (and, when it failed, the class of its error). */
  async measureStorage<T>(operation: StorageOperation, location: string, work: () => Promise<T>): Promise<T> {
    const startedAt = performance.now();
    const attributes: Record<string, string> = {
      [ATTRIBUTES.storageOperation]: operation,
      [ATTRIBUTES.storageLocation]: location,
    };
    try {
      return await work();
    } catch (error) {
      attributes[ATTRIBUTES.errorType] = errorType(error);
      throw error;
    } finally {
      this.instruments.storageDuration.record((performance.now() - startedAt) / 1000, attributes);
    }
  }
}
