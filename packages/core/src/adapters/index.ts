/**
 * `@flowcache/core/adapters`: what a storage or lock-manager package is written against. The contracts and their
 * option types, the checks core applies to every adapter's arguments (and the wrappers that apply them), the
 * polling helper for locks, and the error classes adapters throw (the same classes as `@flowcache/core` exports,
 * so `instanceof` holds across entries).
 */
export type {
  GetOptions,
  ListOptions,
  ResultStorage,
  StoredObject,
  StoredObjectPage,
  VersionedBytes,
} from '../storage/ResultStorage';
export { checkStorageKey, isStorageKey, MAX_STORAGE_KEY_BYTES } from '../storage/checkStorageKey';
export { guardStorage } from '../storage/guardedStorage';

export type { AcquireOptions, Lease, LockManager, ReleaseWatch } from '../locks/LockManager';
export { checkLockDuration } from '../locks/checkLockDuration';
export { guardLockManager } from '../locks/guardedLockManager';
export { pollUntil, type PollLook, type PollOptions } from '../locks/pollUntil';
export { pollWatching } from '../locks/pollWatching';
export { ReleaseNoticeLatch } from '../locks/ReleaseNoticeLatch';

export { errorMessage } from '../errors/errorMessage';
export { FlowcacheError } from '../errors/FlowcacheError';
export { ConfigurationError } from '../errors/ConfigurationError';
export { StorageError } from '../errors/StorageError';
export { StorageKeyError } from '../errors/StorageKeyError';
export { ObjectTooLargeError } from '../errors/ObjectTooLargeError';
export { LockLostError } from '../errors/LockLostError';
