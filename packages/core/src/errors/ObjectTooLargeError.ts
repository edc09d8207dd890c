import { FlowcacheError } from './FlowcacheError';

/**
 * A stored object larger than a reader allows (`get` with `maxBytes`): it is refused before its bytes are read,
 * so a planted or runaway object cannot exhaust memory. The engine reads it as a miss, with a warning.
 */
export class ObjectTooLargeError extends FlowcacheError {
  constructor(
    readonly location: string,
    readonly key: string,
    /** The object's size in bytes, as the storage reports it (or as far as it was read: then at least this). */
    readonly size: number,
    readonly maxBytes: number,
  ) {
    super(`${JSON.stringify(key)} in ${location} holds ${size} bytes, more than the ${maxBytes} a reader here accepts`);
  }
}
