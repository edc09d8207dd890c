import { FlowcacheError } from './FlowcacheError';

/**
 * Thrown when a value cannot be turned into a stable cache key. `path` says where the value sits
 * (`args[1].client.socket`), so the offending argument can be excluded or given a hasher. When reading the value
 * threw (a getter, a Proxy's trap, a revoked Proxy), `cause` is what it threw.
 */
export class UnhashableInputError extends FlowcacheError {
  constructor(
    readonly path: string,
    readonly reason: string,
    /** The task whose call could not be keyed, when the error comes from a call. */
    readonly taskName?: string,
    options?: { cause?: unknown },
  ) {
    super(
      `${taskName === undefined ? '' : `${taskName}: `}cannot hash ${path}: ` +
        `${reason}. Fix it in one of three ways: leave the argument out of the key ` +
        '(cachePolicy: INPUTS.without(<its parameter name or position>).add(TASK_SOURCE)), give the task a ' +
        'cacheKeyFn that picks the values ' +
        'that matter, or teach the hasher the type with registerHasher(Type, value => stableForm) ' +
        'or a [hashKey]() method.',
      options,
    );
  }
}
