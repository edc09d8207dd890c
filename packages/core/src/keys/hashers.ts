/**
 * Gives an object a stable form of its own: flowcache hashes what this method returns (any hashable value)
 * instead of the object's fields. Use it on your own classes, e.g. a table that hashes its column digests.
 */
export const hashKey: unique symbol = Symbol.for('flowcache.hashKey');

/** An object that supplies its own stable form through `[hashKey]()`. */
export interface StablyHashable {
  [hashKey](): unknown;
}

type Constructor = abstract new (...args: never[]) => object;

const registered = new Map<Constructor, (value: never) => unknown>();

/**
 * Teaches the hasher a class you do not own (a DataFrame, an Arrow table, a Decimal): instances of `type` and
 * of its subclasses are hashed through `toStableValue`, which must return a hashable value that is equal for
 * equal instances (for example column names and typed-array columns). Registering a class again replaces its
 * hasher; `toStableValue: undefined` removes it.
 */
export function registerHasher<T extends object>(
  type: abstract new (...args: never[]) => T,
  toStableValue: ((value: T) => unknown) | undefined,
): void {
  if (toStableValue === undefined) registered.delete(type);
  else registered.set(type, toStableValue as (value: never) => unknown);
}

/** The stable form a user hook gives this object, or `NO_HOOK` when neither hook applies. */
export function stableFormOf(value: object): unknown {
  const own = (value as Partial<StablyHashable>)[hashKey];
  if (typeof own === 'function') return own.call(value);
  if (registered.size === 0) return NO_HOOK;
  for (let prototype = Object.getPrototypeOf(value); prototype !== null; prototype = Object.getPrototypeOf(prototype)) {
    const hasher = registered.get(prototype.constructor);
    if (hasher !== undefined) return hasher(value as never);
  }
  return NO_HOOK;
}

export const NO_HOOK: unique symbol = Symbol('no hash hook');
