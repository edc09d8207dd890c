/**
 * Registers the OpenTelemetry SDK, as an application's entry file does before its first flowcache call: a tracer
 * provider, a meter provider and the context manager that carries the active span across awaits. The same code
 * runs with both SDK lines, `@opentelemetry/sdk-trace` and `sdk-metrics` 2.x (`@opentelemetry/api` 1.9, Node 20
 * and later) and 3.x (`@opentelemetry/api` 1.10, Node 22.15 and later). It keeps spans and metrics in memory, to
 * print them; an application exports them instead (an OTLP exporter in place of the in-memory ones).
 */
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';

/** Registers an SDK that keeps spans and metrics in memory (an application would export them with OTLP). */
export function registerSdk() {
  const spans = new InMemorySpanExporter();
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: spans })] });
  const meterProvider = new MeterProvider({
    readers: [new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 60_000 })],
  });
  // Spans know their parent through the active context, carried across awaits by AsyncLocalStorage.
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  return {
    spans,
    /** The data points of a metric, as exported now. */
    points: async (name: string): Promise<DataPoint<unknown>[]> => {
      await meterProvider.forceFlush();
      const latest = metricExporter.getMetrics().at(-1);
      const metric = latest?.scopeMetrics
        .flatMap((scope) => scope.metrics)
        .find((data) => data.descriptor.name === name);
      return metric?.dataPoints ?? [];
    },
    shutdown: async () => {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
      trace.disable();
      metrics.disable();
      context.disable();
    },
  };
}
