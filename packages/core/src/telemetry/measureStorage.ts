import type { ResultStorage } from '../storage/ResultStorage';
import type { Telemetry } from './Telemetry';
import type { StorageOperation } from './telemetryNames';

/** Runs a storage operation, timed when telemetry is on; otherwise just runs it (one check, no allocation). */
export function measureStorage<T>(
  telemetry: Telemetry | undefined,
  operation: StorageOperation,
  storage: ResultStorage,
  work: () => Promise<T>,
): Promise<T> {
  return telemetry === undefined ? work() : telemetry.measureStorage(operation, storage.location, work);
}
