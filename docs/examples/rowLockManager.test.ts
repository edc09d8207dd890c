import { describeLockCompliance } from '@flowcache/core/testing';
import { InMemoryVersionedTable, RowLockManager } from './rowLockManager';

// The whole contract in one line: every test gets fresh locks.
describeLockCompliance('RowLockManager', {
  create: () => new RowLockManager({ table: new InMemoryVersionedTable(), name: 'compliance' }),
});
