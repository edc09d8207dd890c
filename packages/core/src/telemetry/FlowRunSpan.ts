import type { Context, Span } from '@opentelemetry/api';
import type { FlowRunEvent } from '../events/runEvents';
import { asException, errorMessage, errorType } from './describeError';
import type { Instruments } from './instruments';
import type { OpenTelemetry } from './openTelemetryApi';
import type { FlowRunTelemetry } from './Telemetry';
import { ATTRIBUTES } from './telemetryNames';

/**
 * The span of one flow run, open while it runs: its body runs in the span's context, so the spans of the tasks it
 * calls (and any the application makes meanwhile) are its children.
 */
export class FlowRunSpan implements FlowRunTelemetry {
  private readonly span: Span;
  private readonly context: Context;

  constructor(
    private readonly api: OpenTelemetry,
    private readonly instruments: Instruments,
    flowName: string,
    attributes: Record<string, string>,
  ) {
    const parent = api.context.active();
    this.span = instruments.tracer.startSpan(`flow ${flowName}`, { attributes }, parent);
    this.context = api.trace.setSpan(parent, this.span);
  }

  /** Runs `body` with this span active. */
  run<T>(body: () => T): T {
    return this.api.context.with(this.context, body);
  }

  /** Ends the span with the run's outcome, and counts the run. */
  end(event: FlowRunEvent): void {
    const { span } = this;
    span.setAttribute(ATTRIBUTES.flowState, event.state);
    span.setAttribute(ATTRIBUTES.flowAttempts, event.attempts);
    const counted = { [ATTRIBUTES.flowName]: event.flowName, [ATTRIBUTES.flowState]: event.state };
    if (event.state === 'Failed') {
      span.setAttribute(ATTRIBUTES.errorType, errorType(event.error));
      span.recordException(asException(event.error));
      span.setStatus({ code: this.api.SpanStatusCode.ERROR, message: errorMessage(event.error) });
    }
    span.end();
    this.instruments.flowRuns.add(1, counted);
  }
}
