import type { Counter, Histogram, Meter, Tracer } from '@opentelemetry/api';
import { LIBRARY_VERSION } from '../records/libraryVersion';
import type { OpenTelemetry } from './openTelemetryApi';
import { INSTRUMENTS } from './telemetryNames';

/** The tracer and metric instruments one engine reports through. */
export interface Instruments {
  readonly tracer: Tracer;
  readonly taskRuns: Counter;
  readonly taskDuration: Histogram;
  readonly cacheLookups: Counter;
  readonly flowRuns: Counter;
  readonly storageDuration: Histogram;
}

const SCOPE = '@flowcache/core';

// From a tenth of a millisecond (a memory or local-disk storage) to ten seconds (a slow object store, with retries).
const STORAGE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
// A hit takes microseconds, a body minutes.
const TASK_BUCKETS = [0.0001, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

/**
 * Creates the instruments from the global tracer and meter providers. The tracer follows a provider registered
 * later; a meter does not, hence instruments are made at an engine's first report, not when it is built.
 */
export function createInstruments(api: OpenTelemetry): Instruments {
  const meter: Meter = api.metrics.getMeter(SCOPE, LIBRARY_VERSION);
  return {
    tracer: api.trace.getTracer(SCOPE, LIBRARY_VERSION),
    taskRuns: meter.createCounter(INSTRUMENTS.taskRuns, {
      description: 'Task runs that ended, by task and state (Completed, Cached, Failed, RolledBack)',
      unit: '{run}',
    }),
    taskDuration: meter.createHistogram(INSTRUMENTS.taskDuration, {
      description: 'How long task runs took, from the call to its result, by task and state',
      unit: 's',
      advice: { explicitBucketBoundaries: TASK_BUCKETS },
    }),
    cacheLookups: meter.createCounter(INSTRUMENTS.cacheLookups, {
      description: 'Cache lookups of keyed task calls, by task and result (hit or miss) and, for misses, reason',
      unit: '{lookup}',
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
