/**
 * The one guard around `adapter`: `adapter` itself when it already is a guard (it carries `marker`, whichever copy
 * of core made it), else the guard `cache` holds for it, made by `make` the first time. Not an object: returned
 * as it is, for the engine to report when it is used. One guard per adapter keeps adapters comparable by identity
 * however often they enter core.
 */
export function guardOnce<T>(adapter: T, marker: symbol, cache: WeakMap<object, T>, make: (adapter: T) => T): T {
  if (typeof adapter !== 'object' || adapter === null) return adapter;
  if ((adapter as Record<symbol, unknown>)[marker] === true) return adapter;
  let guarded = cache.get(adapter);
  if (guarded === undefined) {
    guarded = make(adapter);
    cache.set(adapter, guarded);
  }
  return guarded;
}
