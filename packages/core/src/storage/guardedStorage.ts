import { types } from 'node:util';
import { guardOnce } from './guardOnce';
import { putChunks } from './putChunks';
import type {
  GetOptions,
  ListOptions,
  ResultStorage,
  StoredObject,
  StoredObjectPage,
  VersionedBytes,
} from './ResultStorage';
import {
  BYTE_COUNT,
  BYTE_LIMIT,
  checkKeyArgument,
  checkNumberArgument,
  PAGE_SIZE,
  refuseArgument,
} from './checkArgument';

// The same symbol in every copy of @flowcache/core a process loads, so that no copy guards another's guard again.
const GUARDED_STORAGE = Symbol.for('@flowcache/core:guarded-storage');

/**
 * A storage whose arguments core has checked once, before the adapter gets them: keys and prefixes
 * (`StorageKeyError`), `maxBytes`, `length` and `limit` (`RangeError`), the bytes and the cursor (`TypeError`),
 * each error in one wording that names the operation, the key and the location. A refused call returns a rejected
 * promise and never reaches the adapter; any other call returns the adapter's own promise.
 */
export class GuardedStorage implements ResultStorage {
  /** @internal */
  readonly [GUARDED_STORAGE] = true;
  /** Present when the adapter has it: see `ResultStorage.getVersioned`. */
  readonly getVersioned?: (key: string, options?: GetOptions) => Promise<VersionedBytes | undefined>;
  /** Present when the adapter has it: see `ResultStorage.putIfVersion`. */
  readonly putIfVersion?: (key: string, bytes: Uint8Array, version: string) => Promise<boolean>;

  constructor(
    /** The adapter that does the work. */
    protected readonly adapter: ResultStorage,
  ) {
    // Only the pair together: a version read is of no use without the write that checks it.
    const { getVersioned, putIfVersion } = adapter;
    if (getVersioned === undefined || putIfVersion === undefined) return;
    this.getVersioned = (key, options) => {
      try {
        this.checkGet('getVersioned', key, options);
      } catch (error) {
        return Promise.reject(error);
      }
      return getVersioned.call(adapter, key, options);
    };
    this.putIfVersion = (key, bytes, version) => {
      try {
        this.checkWrite('putIfVersion', key, bytes);
        if (typeof version !== 'string' || version === '') {
          refuseArgument('version', 'the non-empty version getVersioned read', version, 'putIfVersion', this, key);
        }
      } catch (error) {
        return Promise.reject(error);
      }
      return putIfVersion.call(adapter, key, bytes, version);
    };
  }

  get location(): string {
    return this.adapter.location;
  }

  get(key: string, options?: GetOptions): Promise<Uint8Array | undefined> {
    try {
      this.checkGet('get', key, options);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.adapter.get(key, options);
  }

  getRange(key: string, length: number): Promise<Uint8Array | undefined> {
    try {
      checkKeyArgument(key, 'getRange', this);
      checkNumberArgument('length', length, BYTE_COUNT, 'getRange', this, key);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.adapter.getRange(key, length);
  }

  put(key: string, bytes: Uint8Array): Promise<void> {
    try {
      this.checkWrite('put', key, bytes);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.adapter.put(key, bytes);
  }

  /** The adapter's `putStream`, or for an adapter without one, its `put` of the chunks joined (see `putChunks`). */
  putStream(key: string, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<void> {
    try {
      checkKeyArgument(key, 'putStream', this);
      if (!isIterable(chunks)) refuseArgument('chunks', 'an iterable of Uint8Array', chunks, 'putStream', this, key);
    } catch (error) {
      return Promise.reject(error);
    }
    return putChunks(
      this.adapter,
      key,
      checkedChunks(chunks, (chunk) => this.checkWrite('putStream', key, chunk)),
    );
  }

  putIfAbsent(key: string, bytes: Uint8Array): Promise<boolean> {
    try {
      this.checkWrite('putIfAbsent', key, bytes);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.adapter.putIfAbsent(key, bytes);
  }

  delete(key: string): Promise<boolean> {
    try {
      checkKeyArgument(key, 'delete', this);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.adapter.delete(key);
  }

  list(prefix: string, options?: ListOptions): Promise<StoredObjectPage> {
    try {
      checkKeyArgument(prefix, 'list', this, true);
      const limit = options?.limit;
      if (limit !== undefined) checkNumberArgument('limit', limit, PAGE_SIZE, 'list', this, prefix);
      const cursor = options?.cursor;
      if (cursor !== undefined && typeof cursor !== 'string') {
        refuseArgument('cursor', "the string a previous page's cursor held", cursor, 'list', this, prefix);
      }
    } catch (error) {
      return Promise.reject(error);
    }
    return this.adapter.list(prefix, options);
  }

  stat(key: string): Promise<StoredObject | undefined> {
    try {
      checkKeyArgument(key, 'stat', this);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.adapter.stat(key);
  }

  private checkGet(operation: string, key: string, options: GetOptions | undefined): void {
    checkKeyArgument(key, operation, this);
    const maxBytes = options?.maxBytes;
    if (maxBytes !== undefined) checkNumberArgument('maxBytes', maxBytes, BYTE_LIMIT, operation, this, key);
  }

  private checkWrite(operation: string, key: string, bytes: Uint8Array): void {
    checkKeyArgument(key, operation, this);
    // By brand, not instanceof: bytes made in another realm (a vm, a jest test) are bytes too.
    if (!types.isUint8Array(bytes)) refuseArgument('bytes', 'a Uint8Array', bytes, operation, this, key);
  }
}

function isIterable(value: unknown): value is Iterable<unknown> | AsyncIterable<unknown> {
  const object = value as { [Symbol.iterator]?: unknown; [Symbol.asyncIterator]?: unknown } | null;
  return typeof object?.[Symbol.iterator] === 'function' || typeof object?.[Symbol.asyncIterator] === 'function';
}

// Each chunk is checked as it comes: a bad one fails the write before the adapter gets it.
async function* checkedChunks(
  chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
  check: (chunk: Uint8Array) => void,
): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    check(chunk);
    yield chunk;
  }
}

// One guard per adapter, so that storages compare by identity however often they enter core.
const guards = new WeakMap<object, ResultStorage>();
const makeGuard = (adapter: ResultStorage): ResultStorage => new GuardedStorage(adapter);

/**
 * The storage core works with: `storage` itself when it is already guarded (`MemoryStorage` is), else the one
 * `GuardedStorage` around it (the same one every time). Core applies it wherever a storage enters (the engine's
 * default storage, task and flow options, `CacheInspector`), so adapters receive checked arguments only. Code that
 * calls an adapter directly calls it through `guardStorage(adapter)` to have the same checks.
 */
export function guardStorage(storage: ResultStorage): ResultStorage {
  return guardOnce(storage, GUARDED_STORAGE, guards, makeGuard);
}
