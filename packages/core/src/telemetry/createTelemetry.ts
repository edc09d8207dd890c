import type { Listeners } from '../events/Listeners';
import type { TaskRunEvent } from '../events/runEvents';
import type { Logger } from '../settings/Logger';
import { EngineTelemetry } from './EngineTelemetry';
import { openTelemetryApi } from './openTelemetryApi';
import type { Telemetry } from './Telemetry';

/**
 * The engine's telemetry: on when the `telemetry` setting allows it and `@opentelemetry/api` is installed,
 * else `undefined` (then nothing is loaded, and the engine's only cost is checking for `undefined`).
 */
export function createTelemetry(
  enabled: boolean,
  logger: Logger,
  taskRuns: Listeners<TaskRunEvent>,
): Telemetry | undefined {
  if (!enabled) return undefined;
  const api = openTelemetryApi((message) => logger.warn(message));
  return api === undefined ? undefined : new EngineTelemetry(api, taskRuns);
}
