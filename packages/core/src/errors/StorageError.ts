import { FlowcacheError } from './FlowcacheError';
import { errorMessage } from './errorMessage';

/**
 * A storage operation failed (a network error, a permission problem, a full disk). The message names the storage
 * location, the operation and the key; `cause` holds the underlying error. `transient` says the same operation may
 * well succeed if repeated soon (a busy server, a dropped connection, too many open files): the engine retries
 * those reads and writes (setting `storageRetries`), and only those.
 */
export class StorageError extends FlowcacheError {
  readonly transient: boolean;

  constructor(
    readonly location: string,
    readonly operation: string,
    readonly key: string,
    cause: unknown,
    options: { readonly transient?: boolean } = {},
  ) {
    super(`${operation} ${JSON.stringify(key)} in ${location} failed: ${errorMessage(cause)}`, { cause });
    this.transient = options.transient ?? false;
  }
}
