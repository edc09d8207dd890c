import { FlowcacheError } from './FlowcacheError';

/**
 * A storage operation failed (a network error, a permission problem, a full disk). The message names the storage
 * location, the operation and the key; `cause` holds the underlying error.
 */
export class StorageError extends FlowcacheError {
  constructor(
    readonly location: string,
    readonly operation: string,
    readonly key: string,
    cause: unknown,
  ) {
    super(`${operation} ${JSON.stringify(key)} in ${location} failed: ${describe(cause)}`, { cause });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
