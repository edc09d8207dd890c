import { describe } from '@jest/globals';
import { MemoryLockManager, MemoryStorage, TieredStorage, type ResultStorage } from '../../src';
import { itFencesAStaleHolder } from '../../../../test/support/staleHolder';

/** A storage without versions (`getVersioned`, `putIfVersion`): its writes are checked by their bytes instead. */
function withoutVersions(storage: ResultStorage): ResultStorage {
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

describe('a SERIALIZABLE holder that lost its lease, on MemoryStorage with MemoryLockManager', () => {
  const locks = new MemoryLockManager();
  itFencesAStaleHolder(() => ({ storage: new MemoryStorage(), lockManager: () => locks }));
});

describe('a SERIALIZABLE holder that lost its lease, on a storage without versions', () => {
  const locks = new MemoryLockManager();
  itFencesAStaleHolder(() => ({ storage: withoutVersions(new MemoryStorage()), lockManager: () => locks }));
});

describe('a SERIALIZABLE holder that lost its lease, on a TieredStorage: the remote decides', () => {
  const locks = new MemoryLockManager();
  itFencesAStaleHolder(() => ({
    storage: new TieredStorage({ local: new MemoryStorage(), remote: new MemoryStorage() }),
    lockManager: () => locks,
  }));
});
