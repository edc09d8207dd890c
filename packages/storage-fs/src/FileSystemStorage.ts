import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  checkStorageKey,
  StorageError,
  type ListOptions,
  type ResultStorage,
  type StoredObject,
  type StoredObjectPage,
} from '@flowcache/core';
import { isNothingThere, isTransientFileError, namingPath } from './fileErrors';
import { checkFileSystemStorageOptions, type FileSystemStorageOptions } from './FileSystemStorageOptions';
import { readSmallFile } from './readSmallFile';
import { keyToPath } from './keyToPath';
import { listKeys } from './listKeys';
import { readFirstBytes } from './readFirstBytes';
import { removeEmptyDirectories } from './removeEmptyDirectories';
import { syncDirectory } from './syncDirectory';
import { writeAtomically } from './writeAtomically';

/**
 * Bytes by key in files under one directory, shared by every process that can reach it. Writes are atomic (a temp
 * file renamed or linked into place: a reader sees the old bytes or the new ones, never a mix); `putIfAbsent`
 * lets exactly one of many concurrent creators win. A key `a/b/c` is the file `a/b/c.fcr` under `basePath`, each
 * segment escaped so that no key can leave `basePath` or collide with another. File-system failures throw
 * `StorageError`; a missing file is not a failure but "nothing stored".
 *
 * Passes the shared compliance suite of `@flowcache/core/testing`.
 */
export class FileSystemStorage implements ResultStorage {
  /** `file://` URL of the base path. */
  readonly location: string;
  /** The absolute directory holding the objects. */
  readonly basePath: string;
  private readonly fsync: boolean;
  private readonly syncReadMaxBytes: number;

  constructor(options: FileSystemStorageOptions) {
    const { basePath, fsync, syncReadMaxBytes } = checkFileSystemStorageOptions(options);
    this.basePath = path.resolve(basePath);
    this.location = pathToFileURL(this.basePath).href;
    this.fsync = fsync;
    this.syncReadMaxBytes = syncReadMaxBytes;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    checkStorageKey(key);
    const file = keyToPath(this.basePath, key);
    try {
      const bytes = await readSmallFile(file, this.syncReadMaxBytes);
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (error) {
      if (isNothingThere(error)) return undefined;
      throw this.failure('get', key, file, error);
    }
  }

  async getRange(key: string, length: number): Promise<Uint8Array | undefined> {
    checkStorageKey(key);
    if (!Number.isSafeInteger(length) || length < 0) {
      throw new RangeError(`getRange needs a length in bytes (a whole number, 0 or more), got ${String(length)}`);
    }
    const file = keyToPath(this.basePath, key);
    try {
      return await readFirstBytes(file, length);
    } catch (error) {
      if (isNothingThere(error)) return undefined;
      throw this.failure('getRange', key, file, error);
    }
  }

  /** Replaces what is stored under the key. The bytes are read during the call: keep them unchanged until it resolves. */
  async put(key: string, bytes: Uint8Array): Promise<void> {
    checkStorageKey(key);
    const file = keyToPath(this.basePath, key);
    try {
      await writeAtomically(file, bytes, { exclusive: false, fsync: this.fsync });
    } catch (error) {
      await removeEmptyDirectories(path.dirname(file), this.basePath); // the ones the failed write created
      throw this.failure('put', key, file, error);
    }
  }

  async putIfAbsent(key: string, bytes: Uint8Array): Promise<boolean> {
    checkStorageKey(key);
    const file = keyToPath(this.basePath, key);
    try {
      return await writeAtomically(file, bytes, { exclusive: true, fsync: this.fsync });
    } catch (error) {
      await removeEmptyDirectories(path.dirname(file), this.basePath);
      throw this.failure('putIfAbsent', key, file, error);
    }
  }

  async delete(key: string): Promise<boolean> {
    checkStorageKey(key);
    const file = keyToPath(this.basePath, key);
    try {
      await fs.unlink(file);
      if (this.fsync) await syncDirectory(path.dirname(file));
    } catch (error) {
      if (isNothingThere(error)) return false;
      throw this.failure('delete', key, file, error);
    }
    await removeEmptyDirectories(path.dirname(file), this.basePath);
    return true;
  }

  async list(prefix: string, { cursor, limit = 1000 }: ListOptions = {}): Promise<StoredObjectPage> {
    checkStorageKey(prefix, { allowPrefix: true });
    if (!Number.isSafeInteger(limit) || limit < 1) {
      throw new RangeError(`list needs a limit of at least 1 object per page, got ${String(limit)}`);
    }
    const keysInOrder = listKeys(this.basePath, prefix, cursor);
    try {
      // One key past the page tells whether another page follows.
      const keys: string[] = [];
      for await (const key of keysInOrder) {
        if (keys.push(key) > limit) break;
      }
      const page = keys.slice(0, limit);
      const described = await Promise.all(page.map((key) => this.describe(key, keyToPath(this.basePath, key))));
      return {
        objects: described.filter((object): object is StoredObject => object !== undefined),
        // The last key walked, even if deleted meanwhile: the next page starts after it either way.
        cursor: keys.length > limit ? page[page.length - 1] : undefined,
      };
    } catch (error) {
      throw this.failure('list', prefix, this.basePath, error);
    }
  }

  async stat(key: string): Promise<StoredObject | undefined> {
    checkStorageKey(key);
    const file = keyToPath(this.basePath, key);
    try {
      return await this.describe(key, file);
    } catch (error) {
      throw this.failure('stat', key, file, error);
    }
  }

  private async describe(key: string, file: string): Promise<StoredObject | undefined> {
    try {
      const stats = await fs.stat(file);
      if (!stats.isFile()) throw new Error('not a regular file'); // the caller names the file
      // A Date of the caller's realm: `stats.mtime` is built inside Node, so `instanceof Date` fails in a vm (jest).
      return { key, size: stats.size, modifiedAt: new Date(stats.mtimeMs) };
    } catch (error) {
      if (isNothingThere(error)) return undefined;
      throw error;
    }
  }

  private failure(operation: string, key: string, file: string, error: unknown): StorageError {
    return new StorageError(this.location, operation, key, namingPath(error, file), {
      transient: isTransientFileError(error),
    });
  }
}
