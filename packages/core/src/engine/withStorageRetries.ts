import { setTimeout as sleep } from 'node:timers/promises';
import { StorageError } from '../errors/StorageError';
import type { Engine } from './Engine';

/** However many retries, no wait is longer than this. */
const LONGEST_WAIT_MS = 10_000;

/**
 * Runs a storage read or write, trying it again (at most `storageRetries` times) while it fails with a
 * transient `StorageError`, after a random wait up to `storageRetryDelayMs`, then up to twice that, and so on:
 * random ("full jitter") so that many callers hit by one outage do not come back all at once. Any other error,
 * and the last transient one, is thrown as it is. Only for operations that are safe to repeat: a read, or a
 * `put` of a whole record.
 */
export async function withStorageRetries<T>(engine: Engine, operation: () => Promise<T>): Promise<T> {
  const { storageRetries, storageRetryDelayMs } = engine.settings;
  for (let retry = 0; ; retry++) {
    try {
      return await operation();
    } catch (error) {
      if (retry >= storageRetries || !isTransient(error)) throw error;
      await sleep(Math.random() * Math.min(LONGEST_WAIT_MS, storageRetryDelayMs * 2 ** retry));
    }
  }
}

/** The failure's message, saying how often it was tried when retries were spent on it. */
export function describeStorageFailure(engine: Engine, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const attempts = engine.settings.storageRetries + 1;
  return isTransient(error) && attempts > 1 ? `${message} (tried ${attempts} times)` : message;
}

function isTransient(error: unknown): boolean {
  return error instanceof StorageError && error.transient;
}
