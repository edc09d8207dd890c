import type { Attributes } from '@opentelemetry/api';
import type { TaskRunEvent } from '../events/runEvents';
import { errorType } from './describeError';
import { ATTRIBUTES } from './telemetryNames';

/** Whether a run looked its key up and found it (`hit`), or ran its body for want of a usable result (`miss`). */
export function cacheResult(event: TaskRunEvent): 'hit' | 'miss' | undefined {
  if (event.state === 'Cached') return 'hit';
  return event.cacheMiss === undefined ? undefined : 'miss';
}

/** The attributes of a task run's span: everything its event says, but the error itself (recorded apart). */
export function taskRunSpanAttributes(event: TaskRunEvent): Attributes {
  const attributes: Attributes = {
    [ATTRIBUTES.taskName]: event.taskName,
    [ATTRIBUTES.taskRunId]: event.taskRunId,
    [ATTRIBUTES.taskState]: event.state,
    [ATTRIBUTES.taskAttempts]: event.attempts,
  };
  if (event.flowRunId !== undefined) attributes[ATTRIBUTES.flowRunId] = event.flowRunId;
  if (event.flowRunName !== undefined) attributes[ATTRIBUTES.flowName] = event.flowRunName;
  if (event.cacheKey !== undefined) attributes[ATTRIBUTES.cacheKey] = event.cacheKey;
  const result = cacheResult(event);
  if (result !== undefined) attributes[ATTRIBUTES.cacheResult] = result;
  if (event.cacheMiss !== undefined) {
    attributes[ATTRIBUTES.cacheMissReason] = event.cacheMiss.reason;
    if (event.cacheMiss.changed !== undefined) attributes[ATTRIBUTES.cacheChanged] = [...event.cacheMiss.changed];
  }
  if (event.storage !== undefined) attributes[ATTRIBUTES.storageLocation] = event.storage;
  if (event.state === 'Failed') attributes[ATTRIBUTES.errorType] = errorType(event.error);
  return attributes;
}

/**
 * The attributes of a task run's count: few values each (task, state, hit or miss, miss reason), so that the number
 * of time series stays bounded whatever the traffic; never keys or run ids. The hit ratio is the count of runs
 * with `flowcache.cache.result` `hit` over those with `hit` or `miss` (runs without a key have neither).
 */
export function taskRunMetricAttributes(event: TaskRunEvent): Attributes {
  const attributes: Attributes = { [ATTRIBUTES.taskName]: event.taskName, [ATTRIBUTES.taskState]: event.state };
  const result = cacheResult(event);
  if (result !== undefined) attributes[ATTRIBUTES.cacheResult] = result;
  if (event.cacheMiss !== undefined) attributes[ATTRIBUTES.cacheMissReason] = event.cacheMiss.reason;
  return attributes;
}
