import type { Exception } from '@opentelemetry/api';

/**
 * The `error.type` of a failure: its class name (`TypeError`, `StorageError`), or `_OTHER` for a thrown value
 * that has none. Read from the constructor, not by `instanceof`: an error made in another realm is still an error.
 */
export function errorType(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const name: unknown = (error as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof name === 'string' && name !== '' && name !== 'Object') return name;
  }
  return '_OTHER';
}

/** A thrown value as a span's recorded exception: an error object as it is, anything else as text. */
export function asException(error: unknown): Exception {
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return error as Exception;
  }
  return String(error);
}

/** The status message of a failed span. */
export function errorMessage(error: unknown): string {
  const message = typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined;
  return typeof message === 'string' ? message : String(error);
}
