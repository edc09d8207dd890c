import 'reflect-metadata';
import { metrics, trace } from '@opentelemetry/api';
import { Engine, MemoryStorage, Task, taskInputHash } from '@flowcache/core';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { NoopSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { measureInterleaved, printTable, type Measurement } from './measure';

class WithFlowcache {
  @Task({ cacheKeyFn: taskInputHash })
  async loadSales(day: string): Promise<number> {
    return day.length;
  }
}

// Aggregates in memory and is never collected: what the SDK costs per call, without an exporter's.
class IdleReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

async function hitOf(settings: { telemetry: boolean }): Promise<() => Promise<number>> {
  const service = new Engine({ storage: new MemoryStorage(), settings }).attach(new WithFlowcache());
  await service.loadSales('2026-11-26'); // the miss that puts the result in memory
  return () => service.loadSales('2026-11-26');
}

/**
 * What OpenTelemetry costs a memory hit: with `telemetry: false` (the same path as without @opentelemetry/api
 * installed: nothing loaded, one check), with the API alone (no SDK registered: spans and metrics are no-ops),
 * then with an SDK registered (spans recorded and dropped, metrics aggregated).
 */
export async function benchTelemetry(): Promise<Measurement[]> {
  const off = await hitOf({ telemetry: false });
  const apiOnly = await hitOf({ telemetry: true });
  const withoutSdk = await measureInterleaved([
    { name: 'memory hit, telemetry off', run: off },
    { name: 'memory hit, API without SDK', run: apiOnly },
  ]);
  printTable('OpenTelemetry: a memory hit without an SDK registered', withoutSdk, 'memory hit, telemetry off');

  const tracerProvider = new TracerProvider({ spanProcessors: [new NoopSpanProcessor()] });
  const meterProvider = new MeterProvider({ readers: [new IdleReader()] });
  trace.setGlobalTracerProvider(tracerProvider);
  metrics.setGlobalMeterProvider(meterProvider);
  try {
    const withSdk = await measureInterleaved([
      { name: 'memory hit, telemetry off', run: off },
      { name: 'memory hit, SDK recording', run: await hitOf({ telemetry: true }) },
    ]);
    printTable('OpenTelemetry: a memory hit with an SDK registered', withSdk, 'memory hit, telemetry off');
    return [...withoutSdk, ...withSdk];
  } finally {
    await Promise.all([tracerProvider.shutdown(), meterProvider.shutdown()]);
    trace.disable();
    metrics.disable();
  }
}
