import type { ResultStorage } from '@flowcache/core';

/**
 * The storage with only the members every adapter has: without the optional `putStream`, `getVersioned` and
 * `putIfVersion`, as an adapter written before them, for what core does with such an adapter.
 */
export function requiredMembersOnly(storage: ResultStorage): ResultStorage {
  return {
    location: storage.location,
    get: (key, options) => storage.get(key, options),
    getRange: (key, length) => storage.getRange(key, length),
    put: (key, bytes) => storage.put(key, bytes),
    putIfAbsent: (key, bytes) => storage.putIfAbsent(key, bytes),
    delete: (key) => storage.delete(key),
    list: (prefix, options) => storage.list(prefix, options),
    stat: (key) => storage.stat(key),
  };
}
