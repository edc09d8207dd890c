import { context, metrics, trace, type Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  DataPointType,
  MeterProvider,
  MetricReader,
  type DataPoint,
  type Histogram,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';

/** Collects metrics when asked to: no timer, so what a test reads is everything recorded before it asked. */
class ManualReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

/** An OpenTelemetry SDK registered globally, as an application registers it, exporting to memory. */
export interface InMemorySdk {
  /** The spans ended so far. */
  spans(): ReadableSpan[];
  /** The data points of a metric, collected now (cumulative since the SDK was installed). */
  points(name: string): Promise<DataPoint<unknown>[]>;
  /** The sum of a counter's points whose attributes include `attributes`. */
  count(name: string, attributes?: Attributes): Promise<number>;
  /** How many values a histogram recorded, over its points whose attributes include `attributes`. */
  recorded(name: string, attributes?: Attributes): Promise<number>;
  uninstall(): Promise<void>;
}

/** Installs a fresh SDK (replacing any earlier one): a test's engine made after this reports to it alone. */
export function installInMemorySdk(): InMemorySdk {
  const exporter = new InMemorySpanExporter();
  const tracerProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
  const reader = new ManualReader();
  const meterProvider = new MeterProvider({ readers: [reader] });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  trace.disable();
  metrics.disable();
  context.disable();
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  context.setGlobalContextManager(contextManager);

  const metric = async (name: string): Promise<MetricData | undefined> => {
    const { resourceMetrics } = await reader.collect();
    return resourceMetrics.scopeMetrics.flatMap((scope) => scope.metrics).find((data) => data.descriptor.name === name);
  };
  const matching = async (name: string, attributes: Attributes = {}) =>
    ((await metric(name))?.dataPoints ?? []).filter((point: DataPoint<unknown>) =>
      Object.entries(attributes).every(([key, value]) => point.attributes[key] === value),
    );
  return {
    spans: () => exporter.getFinishedSpans(),
    points: async (name) => (await metric(name))?.dataPoints ?? [],
    count: async (name, attributes) =>
      (await matching(name, attributes)).reduce((sum, point) => sum + (point.value as number), 0),
    recorded: async (name, attributes) => {
      const data = await metric(name);
      if (data !== undefined && data.dataPointType !== DataPointType.HISTOGRAM)
        throw new Error(`${name} is not a histogram`);
      return (await matching(name, attributes)).reduce((sum, point) => sum + (point.value as Histogram).count, 0);
    },
    uninstall: async () => {
      await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
      contextManager.disable();
      trace.disable();
      metrics.disable();
      context.disable();
    },
  };
}
