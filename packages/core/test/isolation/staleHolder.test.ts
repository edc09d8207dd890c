import { describe } from '@jest/globals';
import { MemoryLockManager, MemoryStorage, TieredStorage } from '../../src';
import { requiredMembersOnly } from '../../../../test/support/requiredMembersOnly';
import { itFencesAStaleHolder } from '../../../../test/support/staleHolder';

describe('a SERIALIZABLE holder that lost its lease, on MemoryStorage with MemoryLockManager', () => {
  const locks = new MemoryLockManager();
  itFencesAStaleHolder(() => ({ storage: new MemoryStorage(), lockManager: () => locks }));
});

describe('a SERIALIZABLE holder that lost its lease, on a storage without versions', () => {
  const locks = new MemoryLockManager();
  itFencesAStaleHolder(() => ({ storage: requiredMembersOnly(new MemoryStorage()), lockManager: () => locks }));
});

describe('a SERIALIZABLE holder that lost its lease, on a TieredStorage: the remote decides', () => {
  const locks = new MemoryLockManager();
  itFencesAStaleHolder(() => ({
    storage: new TieredStorage({ local: new MemoryStorage(), remote: new MemoryStorage() }),
    lockManager: () => locks,
  }));
});
