import type { Counter, Histogram, Meter, Tracer } from '@opentelemetry/api';
import { LIBRARY_VERSION } from '../records/libraryVersion';
import type { OpenTelemetry } from './openTelemetryApi';
import { INSTRUMENTS } from './telemetryNames';

/** The tracer and metric instruments one engine reports through. */
export interface Instruments {
  readonly tracer: Tracer;
  readonly taskRuns: Counter;
  readonly flowRuns: Counter;
  readonly storageDuration: Histogram;
}

const SCOPE = '@flowcache/core';

// From a tenth of a millisecond (a memory or local-disk storage) to ten seconds (a slow object store, with retries).
const STORAGE_BUCKETS = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/**
 * The instruments of the global tracer and meter providers, or `undefined` when the application has registered
 * neither (an application with `@opentelemetry/api` installed, as a dependency of a dependency, but no SDK):
 * then everything would be a no-op, and reporting nothing costs nothing.
 */
export function createInstruments(api: OpenTelemetry): Instruments | undefined {
  const meter: Meter = api.metrics.getMeter(SCOPE, LIBRARY_VERSION);
  const tracer = api.trace.getTracer(SCOPE, LIBRARY_VERSION);
  // Without a registered provider, the API hands out a proxy tracer and its no-op meter.
  if (tracer instanceof api.ProxyTracer && meter === api.createNoopMeter()) return undefined;
  return {
    tracer,
    taskRuns: meter.createCounter(INSTRUMENTS.taskRuns, {
      description: 'Task runs that ended, by task, state, cache result (hit or miss) and miss reason',
      unit: '{run}',
    }),
    flowRuns: meter.createCounter(INSTRUMENTS.flowRuns, {
      description: 'Flow runs that ended, by flow and state (Completed, Failed)',
      unit: '{run}',
    }),
    storageDuration: meter.createHistogram(INSTRUMENTS.storageDuration, {
      description: 'How long result storage reads and writes took, retries included, by operation and storage',
      unit: 's',
      advice: { explicitBucketBoundaries: STORAGE_BUCKETS },
    }),
  };
}
