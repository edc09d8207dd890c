import { performance } from 'node:perf_hooks';
import type { Span } from '@opentelemetry/api';
import type { FlowRun, TaskRun } from '../context/runs';
import type { Listeners } from '../events/Listeners';
import type { TaskRunEvent } from '../events/runEvents';
import { asException, errorMessage, errorType } from './describeError';
import { FlowRunSpan } from './FlowRunSpan';
import { createInstruments, type Instruments } from './instruments';
import type { OpenTelemetry } from './openTelemetryApi';
import type { FlowRunTelemetry, Telemetry } from './Telemetry';
import { taskRunMetricAttributes, taskRunSpanAttributes } from './taskRunAttributes';
import { ATTRIBUTES, type StorageOperation } from './telemetryNames';

/**
 * What one engine reports to OpenTelemetry: a span per task run and per flow run, and metrics (runs by state and
 * cache result, storage latency). Task runs arrive as the engine's task-run events, like any
 * subscriber's, so the run's path has no telemetry calls of its own; flow runs are opened before their body runs,
 * so that their tasks' spans are their children. The providers are the ones registered when the engine reports
 * its first run (OpenTelemetry asks applications to register their SDK first); none registered then: the engine
 * stops listening, and its runs cost what they cost without telemetry.
 */
export class EngineTelemetry implements Telemetry {
  // `undefined`: not made yet; `null`: no provider was registered.
  private made: Instruments | null | undefined;
  private readonly stopListening: () => void;
  /** The spans of task runs whose body runs now, by task run id: bounded by the calls running at once. */
  private readonly runningTasks = new Map<string, Span>();

  constructor(
    private readonly api: OpenTelemetry,
    taskRuns: Listeners<TaskRunEvent>,
  ) {
    this.stopListening = taskRuns.add((event) => this.taskRunEnded(event));
  }

  private get instruments(): Instruments | undefined {
    if (this.made === undefined) {
      this.made = createInstruments(this.api) ?? null;
      if (this.made === null) this.stopListening();
    }
    return this.made ?? undefined;
  }

  /**
   * Reports a finished task run: a span from its call to its result (the one its body ran in, or one made now for
   * a hit), child of the span active where the task was called (its flow run's, or the application's), and one
   * metric point (each point costs a hash of its attributes on every hit, so durations are left to the spans). A
   * run reported again as `RolledBack` is only counted: its span has ended already.
   */
  taskRunEnded(event: TaskRunEvent): void {
    const { instruments } = this;
    if (instruments === undefined) return;
    const counted = taskRunMetricAttributes(event);
    instruments.taskRuns.add(1, counted);
    if (event.state === 'RolledBack') return;
    // The event is reported as the run ends: now, in epoch milliseconds with a fraction (its dates have whole ones).
    const endTime = performance.timeOrigin + performance.now();
    const opened = this.runningTasks.get(event.taskRunId);
    if (opened !== undefined) this.runningTasks.delete(event.taskRunId);
    const span =
      opened ??
      instruments.tracer.startSpan(
        `task ${event.taskName}`,
        { startTime: endTime - event.durationMs },
        this.api.context.active(),
      );
    if (!span.isRecording()) return; // sampled out, or no tracer provider: its attributes would be dropped
    span.setAttributes(taskRunSpanAttributes(event));
    if (event.state === 'Failed') {
      span.recordException(asException(event.error), endTime);
      span.setStatus({ code: this.api.SpanStatusCode.ERROR, message: errorMessage(event.error) });
    }
    span.end(endTime);
  }

  runTaskBody<T>(taskRun: TaskRun, startedAt: number | undefined, body: () => T): T {
    const { instruments, api } = this;
    if (instruments === undefined) return body();
    let span = this.runningTasks.get(taskRun.id);
    if (span === undefined) {
      const startTime = startedAt === undefined ? undefined : performance.timeOrigin + startedAt;
      span = instruments.tracer.startSpan(`task ${taskRun.task.name}`, { startTime }, api.context.active());
      this.runningTasks.set(taskRun.id, span);
    }
    return api.context.with(api.trace.setSpan(api.context.active(), span), body);
  }

  /** Opens the span of a flow run that starts now. */
  startFlowRun(flowRun: FlowRun): FlowRunTelemetry | undefined {
    const { instruments } = this;
    if (instruments === undefined) return undefined;
    const attributes: Record<string, string> = {
      [ATTRIBUTES.flowName]: flowRun.name,
      [ATTRIBUTES.flowRunId]: flowRun.id,
    };
    if (flowRun.parent !== undefined) attributes[ATTRIBUTES.flowParentRunId] = flowRun.parent.id;
    return new FlowRunSpan(this.api, instruments, flowRun.name, attributes);
  }

  measureStorage<T>(operation: StorageOperation, location: string, work: () => Promise<T>): Promise<T> {
    const { instruments } = this;
    return instruments === undefined ? work() : timed(instruments, operation, location, work);
  }
}

// Records how long a storage operation took and, when it failed, the class of its error.
async function timed<T>(
  instruments: Instruments,
  operation: StorageOperation,
  location: string,
  work: () => Promise<T>,
): Promise<T> {
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
    instruments.storageDuration.record((performance.now() - startedAt) / 1000, attributes);
  }
}
