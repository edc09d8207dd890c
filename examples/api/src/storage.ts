import assert from 'node:assert/strict';
import { MemoryStorage, StorageError, StorageKeyError, type ResultStorage } from '@flowcache/core';
import {
  checkStorageKey,
  isStorageKey,
  MAX_STORAGE_KEY_BYTES,
  type ListOptions,
  type StoredObject,
  type StoredObjectPage,
} from '@flowcache/core/adapters';

/** Copies every object under a prefix from one storage to another, a page at a time. */
async function copyPrefix(from: ResultStorage, to: ResultStorage, prefix: string): Promise<number> {
  let copied = 0;
  let options: ListOptions = { limit: 100 };
  for (;;) {
    const page: StoredObjectPage = await from.list(prefix, options);
    for (const object of page.objects as StoredObject[]) {
      const bytes = await from.get(object.key);
      if (bytes !== undefined && (await to.putIfAbsent(object.key, bytes))) copied++;
    }
    if (page.cursor === undefined) return copied;
    options = { limit: 100, cursor: page.cursor };
  }
}

export async function main(): Promise<void> {
  const primary = new MemoryStorage({ name: 'primary' });
  const replica = new MemoryStorage({ name: 'replica' });
  for (let day = 1; day <= 250; day++) {
    await primary.put(`reports/2026-11/${String(day).padStart(3, '0')}`, new TextEncoder().encode(`day ${day}`));
  }
  assert.equal(await copyPrefix(primary, replica, 'reports/'), 250);
  assert.equal(await copyPrefix(primary, replica, 'reports/'), 0); // putIfAbsent: nothing is overwritten
  assert.equal((await replica.stat('reports/2026-11/007'))?.size, 5);
  assert.equal(replica.location, 'memory://replica');

  // Keys are relative '/'-separated paths; one check guards every adapter against keys that could escape.
  checkStorageKey('reports/2026-11/007');
  for (const bad of ['../etc/passwd', '/abs', 'a//b', 'x'.repeat(MAX_STORAGE_KEY_BYTES + 1)]) {
    assert.throws(() => checkStorageKey(bad), StorageKeyError);
  }
  // Listings skip what no key can name (an S3 console's folder marker) instead of failing on it.
  assert.equal(isStorageKey('team/archive/'), false);
  await assert.rejects(primary.get('a/../b'), (error: unknown) => error instanceof StorageKeyError);

  // Adapters report failures as StorageError, naming the location, the operation and the key.
  const failure = new StorageError('s3://bucket/cache', 'get', 'reports/1', new Error('AccessDenied'));
  assert.equal(failure.message, 'get "reports/1" in s3://bucket/cache failed: AccessDenied');
}
