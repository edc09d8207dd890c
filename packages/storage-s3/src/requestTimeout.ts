import { ConfigurationError } from '@flowcache/core';

/**
 * The send options that abort a request, its retries included, after `timeoutMs`. The client's own
 * `requestTimeout` only warns unless `throwOnRequestTimeout` is set too, so a server that accepts a connection and
 * never answers would otherwise hang the call for good.
 */
export function abortAfter(timeoutMs: number): { abortSignal: AbortSignal } {
  return { abortSignal: AbortSignal.timeout(timeoutMs) };
}

/** Checks an adapter's `requestTimeoutMs` option: a whole number of milliseconds ≥ 1. */
export function checkRequestTimeout(value: unknown, owner: string): number {
  if (!Number.isSafeInteger(value) || (value as number) < 1) {
    throw new ConfigurationError(`${owner} option \`requestTimeoutMs\` must be a whole number of milliseconds ≥ 1, got ${String(value)}`);
  }
  return value as number;
}
