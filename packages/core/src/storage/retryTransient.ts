import { setTimeout as sleep } from 'node:timers/promises';
import type { FlowcacheSettings } from '../settings/settings';
import { errorMessage } from '../errors/errorMessage';

/** How often, and after how long a wait, a failed operation is tried again (settings of the same names). */
export type RetrySettings = Pick<FlowcacheSettings, 'storageRetries' | 'storageRetryDelayMs'>;

/** However many retries, no wait is longer than this. */
const LONGEST_WAIT_MS = 10_000;

/**
 * Runs a storage or lock operation, trying it again (at most `storageRetries` times) while it fails with a
 * transient error, after a random wait up to `storageRetryDelayMs`, then up to twice that, and so on: random
 * ("full jitter") so that many callers hit by one outage do not come back all at once. Any other error, and the
 * last transient one, is thrown as it is. Only for operations that are safe to repeat: a read, a `put` of a whole
 * record, taking a lock for the same holder.
 */
export async function retryTransient<T>(operation: () => Promise<T>, settings: RetrySettings): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await operation();
    } catch (error) {
      if (retry >= settings.storageRetries || !isTransient(error)) throw error;
      await sleep(Math.random() * Math.min(LONGEST_WAIT_MS, settings.storageRetryDelayMs * 2 ** retry));
    }
  }
}

/** The failure's message, saying how often it was tried when retries were spent on it. */
export function describeFailure(error: unknown, settings: RetrySettings): string {
  const message = errorMessage(error);
  const attempts = settings.storageRetries + 1;
  return isTransient(error) && attempts > 1 ? `${message} (tried ${attempts} times)` : message;
}

/**
 * A failure that may pass if repeated soon: a `StorageError` (or an adapter's own error, such as
 * `S3RequestError`) with `transient: true`.
 */
function isTransient(error: unknown): boolean {
  return (error as { transient?: unknown } | null)?.transient === true;
}
