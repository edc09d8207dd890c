/** What a storage knows about one stored object, without reading its bytes. */
export interface StoredObject {
  readonly key: string;
  /** Size in bytes. */
  readonly size: number;
  readonly modifiedAt: Date;
}

/** One page of a listing; pass `cursor` back to get the next page. */
export interface StoredObjectPage {
  readonly objects: readonly StoredObject[];
  /** `undefined` on the last page. */
  readonly cursor: string | undefined;
  /**
   * Entries met in this page's range that are not objects of this storage and were skipped (a bucket's folder
   * marker, a symbolic link, a FIFO, a file some other program put there), as the storage names them; absent
   * when there were none. Inspection reports how many, and goes on.
   */
  readonly foreign?: readonly string[];
}

/** Options of `get`. */
export interface GetOptions {
  /**
   * Refuse an object larger than this many bytes with `ObjectTooLargeError`, before reading it (its size comes
   * from `stat` or the response's length): a planted or runaway object cannot exhaust the reader's memory.
   */
  readonly maxBytes?: number;
}

/** An object's bytes and the version they are, as `getVersioned` reads them. */
export interface VersionedBytes {
  readonly bytes: Uint8Array;
  /**
   * Names these bytes under the key (S3: the object's ETag; files: the file's identity, size and time of last
   * change; memory: a counter of writes): a write of other bytes under the key has another version; a rewrite of
   * the same bytes may keep it (S3's ETag is their MD5). Opaque: only compared.
   */
  readonly version: string;
}

export interface ListOptions {
  /** Continue a listing where a previous page ended. */
  readonly cursor?: string;
  /** At most this many objects per page, a whole number ≥ 1 (the adapter may return fewer). Default 1000. */
  readonly limit?: number;
}

/**
 * Bytes by key: the contract every result storage adapter implements (files, S3, memory). It knows nothing of
 * records, caching or expiry. Keys are `/`-separated relative paths. Core checks every argument before an adapter
 * gets it (`guardStorage`): a bad key throws `StorageKeyError`, a bad number `RangeError`; an adapter called
 * directly, not through core, need not check them again. "Key order" is the order of the keys' UTF-8
 * bytes (S3's). Writes are atomic: a reader sees the old bytes or the new ones, never a mix; a caller must not
 * change a buffer it passed to `put` before the returned promise settles. Every adapter runs the shared
 * compliance suite (`@flowcache/core/testing`).
 */
export interface ResultStorage {
  /** Where the bytes live, for messages and metadata: `file:///var/cache/flowcache`, `s3://bucket/prefix`. */
  readonly location: string;
  /**
   * The stored bytes, or `undefined` when there is nothing under the key. With `maxBytes`, an object larger than
   * that throws `ObjectTooLargeError` and is not read.
   */
  get(key: string, options?: GetOptions): Promise<Uint8Array | undefined>;
  /**
   * The first `length` bytes (fewer if the object is shorter; `length` is a whole number ≥ 0), or `undefined`:
   * reads a header cheaply.
   */
  getRange(key: string, length: number): Promise<Uint8Array | undefined>;
  /** Stores the bytes under the key, replacing what was there, atomically. */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /**
   * Optional: stores the chunks, in order, as one object under the key, replacing what was there, atomically like
   * `put` (a reader sees the old object or the whole new one; a write that fails or dies midway leaves the old
   * one), holding a bounded number of bytes at a time however long the object is. The chunks are read once per
   * call; the caller must not change their bytes before the promise settles. Core writes large binary records
   * with it; for a storage without it, core joins the chunks and calls `put`.
   */
  putStream?(key: string, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<void>;
  /** Stores the bytes only if nothing is under the key yet; `false` when something was (atomic create). */
  putIfAbsent(key: string, bytes: Uint8Array): Promise<boolean>;
  /**
   * Optional, with `putIfVersion`: `get`, and the version of the bytes read, in one operation (so the two cannot
   * come from different writes).
   */
  getVersioned?(key: string, options?: GetOptions): Promise<VersionedBytes | undefined>;
  /**
   * Optional, with `getVersioned`: replaces the object only if it is still the version `getVersioned` read,
   * atomically with respect to other `putIfVersion` and `putIfAbsent` calls; `false` when it was replaced or
   * deleted meanwhile (nothing is written then). A SERIALIZABLE task writes its result this way, so that a holder
   * whose lease expired while it ran cannot overwrite the record of the holder that took over. A storage without
   * it is written with a check of the bytes just before a plain `put` (see `putIfUnchanged`).
   */
  putIfVersion?(key: string, bytes: Uint8Array, version: string): Promise<boolean>;
  /** Removes the key; `false` when there was nothing to remove. */
  delete(key: string): Promise<boolean>;
  /** Objects whose key starts with `prefix` (`''` for all), in key order, a page at a time. */
  list(prefix: string, options?: ListOptions): Promise<StoredObjectPage>;
  /** What is stored under the key, without its bytes, or `undefined`. */
  stat(key: string): Promise<StoredObject | undefined>;
}
