import { FlowcacheError } from './FlowcacheError';

/**
 * A value that a serializer cannot write (a function, a socket, a class instance the JSON serializer would turn
 * into a plain object), or bytes it cannot read. `path` says where the value sits (`result.rows[3].client`).
 */
export class SerializationError extends FlowcacheError {
  constructor(
    readonly serializerId: string,
    readonly path: string,
    readonly reason: string,
    /** The task whose result it was, when the error comes from a call. */
    readonly taskName?: string,
  ) {
    super(
      `${taskName === undefined ? '' : `${taskName}: `}serializer ${serializerId} cannot handle ${path}: ${reason}`,
    );
  }
}
