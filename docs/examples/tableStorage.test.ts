import { describeStorageCompliance } from '@flowcache/core/testing';
import { InMemoryBlobTable, TableStorage } from './tableStorage';

// The whole contract in one line: every test gets a fresh, empty storage.
describeStorageCompliance('TableStorage', {
  create: () => new TableStorage({ table: new InMemoryBlobTable(), name: 'compliance' }),
});
