/** Marks flowcache's error classes: the same symbol in every copy of `@flowcache/core` loaded in a process. */
const FLOWCACHE_ERROR_CLASS = Symbol.for('@flowcache/core:error-class');

/**
 * Base class of every error flowcache throws, so callers can tell them apart with `instanceof`. `instanceof` also
 * recognises the same class from another copy of `@flowcache/core` in the process: a storage package installed
 * apart from its user (`npm install -g @flowcache/storage-s3`
 * beside a global `flowcache`) brings a copy of its own, and
 * the errors it throws (`ObjectTooLargeError`, `StorageError`) must still be told apart.
 */
export class FlowcacheError extends Error {
  static readonly [FLOWCACHE_ERROR_CLASS] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  /** This class in this copy, or a flowcache error class of the same name in another copy. */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (typeof value !== 'object' || value === null) return false;
    for (
      let prototype: unknown = Object.getPrototypeOf(value);
      prototype !== null;
      prototype = Object.getPrototypeOf(prototype)
    ) {
      const ownConstructor: unknown = Object.getOwnPropertyDescriptor(prototype, 'constructor')?.value;
      if (isFlowcacheErrorClass(ownConstructor) && ownConstructor.name === this.name) return true;
    }
    return false;
  }
}

function isFlowcacheErrorClass(value: unknown): value is { readonly name: string } {
  return (
    typeof value === 'function' && (value as { [FLOWCACHE_ERROR_CLASS]?: unknown })[FLOWCACHE_ERROR_CLASS] === true
  );
}
