import { ConfigurationError } from '@flowcache/core/adapters';

/**
 * The send options that abort a request, its retries included, after `timeoutMs`. The client's own
 * `requestTimeout` only warns unless `throwOnRequestTimeout` is set too, so a server that accepts a connection and
 * never answers would otherwise hang the call for good.
 */
export function abortAfter(timeoutMs: number): { abortSignal: AbortSignal } {
  return { abortSignal: AbortSignal.timeout(timeoutMs) };
}

/** The longest timer Node keeps: a longer one fires at once (TimeoutOverflowWarning). */
const LONGEST_TIMEOUT_MS = 2 ** 31 - 1;

/** Checks an adapter's `requestTimeoutMs` option: a whole number of milliseconds, 1 to 2147483647 (24.8 days). */
export function checkRequestTimeout(value: unknown, owner: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1 || (value as number) > LONGEST_TIMEOUT_MS) {
    const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
    throw new ConfigurationError(
      `${owner} option \`requestTimeoutMs\` must be a whole number of milliseconds from 1 to ${LONGEST_TIMEOUT_MS}, ` +
        `got ${shown}`,
    );
  }
  return value as number;
}
