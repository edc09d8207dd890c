import { Engine, MemoryLockManager, MemoryResultStore, type FlowcacheSettings } from '@flowcache/core';
import { attachThroughCore } from './attachThroughCore';

/**
 * Those of `prototypes` whose class has `@Task`/`@Flow` methods (its own or inherited). Asks core through
 * stand-ins, `Object.create(prototype)`, never through the application's real instances, so it works before a
 * request-scoped class has any instance, and no instance (a proxy, a client, a promise-like value) is handed to
 * inversify: it would await anything with a `then`.
 */
export function findTaskPrototypes(settings: FlowcacheSettings, prototypes: Iterable<object>): Set<object> {
  const standIns = new Map<object, object>();
  for (const prototype of new Set(prototypes)) {
    // Plain objects cannot have decorated methods; a promise-like class cannot be resolved by inversify.
    if (typeof prototype !== 'object' || prototype === null || prototype === Object.prototype || 'then' in prototype) continue;
    standIns.set(Object.create(prototype), prototype);
  }
  const recorder = new AttachRecorder({
    settings,
    results: new MemoryResultStore(1),
    // A lock manager, so core's SERIALIZABLE check never throws here: this only asks which classes have tasks.
    lockManager: new MemoryLockManager(),
  });
  attachThroughCore(recorder, standIns.keys());
  return new Set([...recorder.attached].map((standIn) => standIns.get(standIn)!));
}

/** The prototype of a value that may have decorated methods (an object), else `undefined`. */
export function prototypeOf(value: unknown): object | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  try {
    return Object.getPrototypeOf(value) ?? undefined;
  } catch {
    return undefined; // a proxy whose getPrototypeOf trap throws is nothing flowcache decorated
  }
}

// Core attaches an instance by calling `engine.attach(instance)`; recording those calls is how this learns which
// classes have decorated methods (core does not export its registry).
class AttachRecorder extends Engine {
  readonly attached = new Set<object>();

  override attach<T extends object>(instance: T): T {
    this.attached.add(instance);
    return instance;
  }
}
