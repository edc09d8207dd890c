/**
 * What a storage package and a tool that reads a store import from @flowcache/core/adapters and
 * @flowcache/core/records, type-checked under each moduleResolution. The wrong calls are wrong on purpose: their
 * errors prove the types are real, not `any`.
 */
import { StorageError } from '@flowcache/core';
import { checkStorageKey, StorageError as AdapterStorageError, type ResultStorage } from '@flowcache/core/adapters';
import { readStoredMetadata, type RecordMetadata } from '@flowcache/core/records';

export async function taskOf(storage: ResultStorage, key: string): Promise<string | undefined> {
  checkStorageKey(key);
  const metadata: RecordMetadata | undefined = await readStoredMetadata(storage, key);
  // @ts-expect-error a storage key is a string
  checkStorageKey(42);
  // @ts-expect-error the metadata has no such field
  void metadata?.noSuchField;
  return metadata?.taskName;
}

export const sameClass: typeof StorageError = AdapterStorageError;
