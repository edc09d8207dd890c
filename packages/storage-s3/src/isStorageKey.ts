import { checkStorageKey, StorageKeyError } from '@flowcache/core';

/**
 * Whether a listed key, relative to the store prefix, is one a record could be stored under. Other tools put
 * objects a storage key cannot name (folder markers ending in `/`, the prefix's own marker, `a//b`), and such
 * an object must be skipped by a listing, not make every later operation on it fail.
 */
export function isStorageKey(key: string): boolean {
  try {
    checkStorageKey(key);
    return true;
  } catch (error) {
    if (error instanceof StorageKeyError) return false;
    throw error;
  }
}
