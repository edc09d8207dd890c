import 'reflect-metadata';
import assert from 'node:assert/strict';
// An application: decorators, the engine, the storages and serializers to choose from, the errors to catch.
import {
  Engine,
  findSerializer,
  MemoryStorage,
  StorageError,
  Task,
  taskInputHash,
  type ResultStorage,
} from '@flowcache/core';
// A storage or lock-manager package: the contract in full, the key check every adapter applies, its errors.
import {
  checkStorageKey,
  StorageError as AdapterStorageError,
  type GetOptions,
  type ListOptions,
  type StoredObject,
  type StoredObjectPage,
} from '@flowcache/core/adapters';
// A tool that reads a store (the CLI, a script): the record codec and the inspector.
import { decodeRecord, readStoredMetadata } from '@flowcache/core/records';

/** An adapter: another storage opened for reading only, such as the production bucket on a laptop. */
class ReadOnlyStorage implements ResultStorage {
  readonly location: string;

  constructor(private readonly inner: ResultStorage) {
    this.location = `${inner.location} (read-only)`;
  }

  get(key: string, options?: GetOptions): Promise<Uint8Array | undefined> {
    return this.inner.get(key, options);
  }
  getRange(key: string, length: number): Promise<Uint8Array | undefined> {
    return this.inner.getRange(key, length);
  }
  list(prefix: string, options?: ListOptions): Promise<StoredObjectPage> {
    return this.inner.list(prefix, options);
  }
  stat(key: string): Promise<StoredObject | undefined> {
    return this.inner.stat(key);
  }
  async put(key: string): Promise<void> {
    this.refuse('put', key);
  }
  async putIfAbsent(key: string): Promise<boolean> {
    return this.refuse('putIfAbsent', key);
  }
  async delete(key: string): Promise<boolean> {
    return this.refuse('delete', key);
  }

  private refuse(operation: string, key: string): never {
    checkStorageKey(key); // a bad key is a StorageKeyError, as from every adapter
    throw new AdapterStorageError(this.location, operation, key, new Error('this storage is read-only'));
  }
}

class Prices {
  runs = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async quote(sku: string): Promise<number> {
    this.runs++;
    return sku.length * 100;
  }
}

export async function main(): Promise<void> {
  const storage = new MemoryStorage();
  await new Engine({ storage }).attach(new Prices()).quote('apple');
  const [{ key }] = (await storage.list('')).objects;

  // A tool reads the record: its metadata with one ranged read, then the payload with the serializer it names.
  const metadata = await readStoredMetadata(storage, key);
  assert.equal(metadata?.taskName, 'Prices.quote');
  const { payload } = decodeRecord(key, (await storage.get(key))!);
  assert.equal(findSerializer(metadata!.serializer)?.deserialize(payload), 500);

  // The application reads through the adapter: a hit, without running the body.
  const readOnly = new ReadOnlyStorage(storage);
  const prices = new Engine({ storage: readOnly }).attach(new Prices());
  assert.equal(await prices.quote('apple'), 500);
  assert.equal(prices.runs, 0);

  // The entries export the same error classes: what an adapter throws is caught as the application's StorageError.
  await assert.rejects(readOnly.delete(key), StorageError);
  assert.equal(AdapterStorageError, StorageError);
}
