import assert from 'node:assert/strict';
import { Engine, StorageKeyError } from '@flowcache/core';
import {
  guardLockManager,
  guardStorage,
  type GetOptions,
  type LockManager,
  type ResultStorage,
} from '@flowcache/core/adapters';
import { CacheInspector } from '@flowcache/core/records';
import { InMemoryVersionedTable, RowLockManager } from './rowLockManager';
import { InMemoryBlobTable, TableStorage } from './tableStorage';

export async function main(): Promise<void> {
  const adapter = new TableStorage({ table: new InMemoryBlobTable(), name: 'results' });

  // Core checks every argument once, before the adapter sees it: the engine, task and flow options and
  // CacheInspector all work with guardStorage(adapter), one guard per adapter, never a guard of a guard.
  const storage: ResultStorage = guardStorage(adapter);
  assert.equal(guardStorage(storage), storage);
  assert.equal(new Engine({ storage: adapter }).storage, storage);
  assert.equal(new CacheInspector(adapter).storage, storage);

  // One wording per error: the key or the value, the operation, the location, and what is accepted.
  await assert.rejects(storage.get('a/../b'), {
    name: 'StorageKeyError',
    message: 'invalid storage key "a/../b" for get in table://results: a key must not contain . or .. segments',
  });
  await assert.rejects(storage.list('reports/', { limit: 0 }), {
    name: 'RangeError',
    message: 'list "reports/" in table://results: limit must be a whole number of objects per page, 1 or more, got 0',
  });
  const tooFew: GetOptions = { maxBytes: -1 };
  await assert.rejects(storage.get('reports/1', tooFew), RangeError);

  // Lock managers the same way: keys, leaseMs and timeoutMs, the holder and the lease.
  const rows = new RowLockManager({ table: new InMemoryVersionedTable(), name: 'locks' });
  const locks: LockManager = guardLockManager(rows);
  await assert.rejects(locks.acquire('/jobs/1', 'worker-a', { leaseMs: 1_000 }), StorageKeyError);
  await assert.rejects(locks.acquire('jobs/1', 'worker-a', { leaseMs: 0 }), {
    name: 'RangeError',
    message: 'acquire "jobs/1" in table://locks: leaseMs must be a number of milliseconds, 1 or more, got 0',
  });
  await assert.rejects(locks.acquire('jobs/1', '', { leaseMs: 1_000 }), TypeError);
}
