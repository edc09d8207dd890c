import { promises as fs, lstatSync, type Stats } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ObjectTooLargeError,
  StorageError,
  type GetOptions,
  type ListOptions,
  type ResultStorage,
  type StoredObject,
  type StoredObjectPage,
  type VersionedBytes,
} from '@flowcache/core/adapters';
import {
  errorCode,
  isNothingThere,
  isTransientFileError,
  namingPath,
  NOT_REGULAR_FILE,
  notRegularFile,
  OUTSIDE_STORE,
  TOO_LARGE,
} from './fileErrors';
import { checkFileSystemStorageOptions, type FileSystemStorageOptions } from './FileSystemStorageOptions';
import { keyToPath } from './keyToPath';
import { listKeys } from './listKeys';
import { isHashedName } from './longSegments';
import { hashedEntriesOf, removeNameFile, restoreNameFiles, writeNameFiles, type NameFileWrites } from './nameFiles';
import { describeKind } from './openRegularFile';
import { OperationLimiter } from './OperationLimiter';
import { readFirstBytes, readFirstBytesSync } from './readFirstBytes';
import { fileVersion } from './fileVersion';
import { readObject, readObjectSync } from './readObject';
import { replaceIfVersion } from './replaceIfVersion';
import { removeEmptyDirectories } from './removeEmptyDirectories';
import { StoreBoundary } from './StoreBoundary';
import { writeAtomically } from './writeAtomically';
import { type Chunks, type Content, isChunks, readOnce } from './writeContent';
import { writeAtomicallySync } from './writeAtomicallySync';

// A concurrent delete removes emptied directories; a writer that loses that race creates them again, a few times.
const DIRECTORY_ATTEMPTS = 5;

function directoryRemoved(directory: string): Error {
  return Object.assign(new Error(`ENOENT: directory removed while writing, '${directory}'`), {
    code: 'ENOENT',
    path: directory,
  });
}

/**
 * Bytes by key in files under one directory, shared by every process that can reach it. Writes are atomic (a temp
 * file renamed or linked into place: a reader sees the old bytes or the new ones, never a mix); `putIfAbsent`
 * lets exactly one of many concurrent creators win. A key `a/b/c` is the file `a/b/c.fcr` under `basePath`, each
 * segment escaped so that no key can leave `basePath` or collide with another (a segment too long for a file name
 * is stored under its hash). File-system failures throw `StorageError`; a missing file is not a failure but
 * "nothing stored".
 *
 * The store may be shared with people or programs that are not trusted: only regular files are opened, never
 * through a symbolic link leading out of `basePath` (what was opened, created or moved is checked, not only the
 * path beforehand, so a directory swapped for a link mid-operation does not lead out either), and listings skip
 * and name whatever is no object.
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
  private readonly syncWriteMaxBytes: number;
  private readonly boundary: StoreBoundary;
  private readonly limiter: OperationLimiter;
  private readonly checkOpenedSync: (descriptor: number, file: string) => void;
  private readonly checkOpened: (descriptor: number, file: string) => Promise<void>;
  private readonly nameFileWrites: NameFileWrites;

  constructor(options: FileSystemStorageOptions) {
    const { basePath, fsync, syncReadMaxBytes, syncWriteMaxBytes, maxConcurrentFileOperations } =
      checkFileSystemStorageOptions(options);
    this.basePath = path.resolve(basePath);
    this.location = pathToFileURL(this.basePath).href;
    this.fsync = fsync;
    this.syncReadMaxBytes = syncReadMaxBytes;
    // An fsync blocks for milliseconds: with it, every write waits in the thread pool.
    this.syncWriteMaxBytes = fsync ? 0 : syncWriteMaxBytes;
    this.boundary = new StoreBoundary(this.basePath);
    this.limiter = new OperationLimiter(maxConcurrentFileOperations);
    this.checkOpenedSync = (descriptor, file) => this.boundary.checkOpenedSync(descriptor, file);
    this.checkOpened = (descriptor, file) => this.boundary.checkOpened(descriptor, file);
    this.nameFileWrites = {
      fsync,
      checkOpened: this.checkOpened,
      inDirectory: (directory, operation) => this.boundary.inDirectory(directory, operation),
    };
  }

  async get(key: string, options?: GetOptions): Promise<Uint8Array | undefined> {
    return this.read(key, options);
  }

  /** `get`, with the version of the file read (see `fileVersion`), taken from the descriptor the bytes come from. */
  async getVersioned(key: string, options?: GetOptions): Promise<VersionedBytes | undefined> {
    let version = '';
    const bytes = await this.read(key, options, (stats) => (version = fileVersion(stats)));
    return bytes === undefined ? undefined : { bytes, version };
  }

  /**
   * Replaces the object only if its file is still the version `getVersioned` read: see `replaceIfVersion` for how,
   * and what it is atomic with. `false` when the file was replaced or removed meanwhile.
   */
  async putIfVersion(key: string, bytes: Uint8Array, version: string): Promise<boolean> {
    const file = keyToPath(this.basePath, key);
    return this.limiter.run(async () => {
      try {
        return await this.boundary.inDirectory(path.dirname(file), (entry, syncDirectory) =>
          replaceIfVersion(entry(path.basename(file)), bytes, version, {
            fsync: this.fsync,
            checkOpened: this.checkOpened,
            syncDirectory,
          }),
        );
      } catch (error) {
        if (isNothingThere(error)) return false; // its directory is gone: so is the version read
        throw this.failure('putIfVersion', key, file, error);
      }
    });
  }

  private async read(
    key: string,
    { maxBytes = Infinity }: GetOptions = {},
    opened?: (stats: Stats) => void,
  ): Promise<Uint8Array | undefined> {
    const file = keyToPath(this.basePath, key);
    const fail = (error: unknown) => {
      if (isNothingThere(error)) return undefined;
      if (errorCode(error) === TOO_LARGE) {
        throw new ObjectTooLargeError(this.location, key, (error as { size: number }).size, maxBytes);
      }
      throw this.failure('get', key, file, error);
    };
    // The fast path of a cache hit: synchronous, so it takes no turn in the limiter (its descriptor lives only
    // during this call).
    if (this.syncReadMaxBytes > 0) {
      try {
        // Where descriptors can be checked, the check of what was opened replaces the one of the path beforehand:
        // one `readlink` instead of a `realpath`.
        if (!this.boundary.checksDescriptors) this.boundary.checkSync(path.dirname(file));
        const bytes = readObjectSync(file, this.syncReadMaxBytes, maxBytes, this.checkOpenedSync, opened);
        if (bytes !== undefined) return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } catch (error) {
        return fail(error);
      }
    }
    return this.limiter.run(async () => {
      try {
        if (!this.boundary.checksDescriptors) await this.boundary.check(path.dirname(file));
        const bytes = await readObject(file, maxBytes, this.checkOpened, opened);
        return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } catch (error) {
        return fail(error);
      }
    });
  }

  async getRange(key: string, length: number): Promise<Uint8Array | undefined> {
    const file = keyToPath(this.basePath, key);
    const fail = (error: unknown) => {
      if (isNothingThere(error)) return undefined;
      throw this.failure('getRange', key, file, error);
    };
    // A record's header, read for every record a listing shows: synchronous, as the small reads of `get` are.
    if (length <= this.syncReadMaxBytes) {
      try {
        if (!this.boundary.checksDescriptors) this.boundary.checkSync(path.dirname(file));
        return readFirstBytesSync(file, length, this.checkOpenedSync);
      } catch (error) {
        return fail(error);
      }
    }
    return this.limiter.run(async () => {
      try {
        if (!this.boundary.checksDescriptors) await this.boundary.check(path.dirname(file));
        return await readFirstBytes(file, length, this.checkOpened);
      } catch (error) {
        return fail(error);
      }
    });
  }

  /**
   * Replaces what is stored under the key. The bytes are read during the call: keep them unchanged until it resolves.
   */
  async put(key: string, bytes: Uint8Array): Promise<void> {
    await this.write('put', key, bytes);
  }

  /**
   * Replaces what is stored under the key with the chunks, written one after another into a temp file (flushed
   * with `fsync`) that is then renamed into place: the storage holds one chunk at a time, and a process that dies
   * midway leaves the old object (and a temp file, which listings skip).
   */
  async putStream(key: string, chunks: Chunks): Promise<void> {
    await this.write('putStream', key, { chunks: readOnce(chunks) });
  }

  async putIfAbsent(key: string, bytes: Uint8Array): Promise<boolean> {
    return this.write('putIfAbsent', key, bytes);
  }

  async delete(key: string): Promise<boolean> {
    const file = keyToPath(this.basePath, key);
    const hashed = hashedEntriesOf(this.basePath, key);
    return this.limiter.run(async () => {
      try {
        await this.boundary.inDirectory(path.dirname(file), async (entry, syncDirectory) => {
          await fs.unlink(entry(path.basename(file)));
          if (this.fsync) await syncDirectory();
        });
        const own = hashed.find((entry) => entry.entry === file);
        if (own !== undefined) await removeNameFile(own, this.nameFileWrites);
      } catch (error) {
        if (isNothingThere(error)) return false;
        throw this.failure('delete', key, file, error);
      }
      await this.removeEmptyDirectories(path.dirname(file), async (directory) => {
        const removed = isHashedName(path.basename(directory)) && hashed.find((entry) => entry.entry === directory);
        if (removed) await removeNameFile(removed, this.nameFileWrites).catch(() => undefined);
      });
      return true;
    });
  }

  async list(prefix: string, { cursor, limit = 1000 }: ListOptions = {}): Promise<StoredObjectPage> {
    return this.limiter.run(async () => {
      const keys: string[] = [];
      const foreign: string[] = [];
      try {
        // One key past the page tells whether another page follows; foreign entries after the page's last key
        // belong to the next page.
        for await (const entry of listKeys(this.basePath, prefix, cursor)) {
          if ('key' in entry) {
            if (keys.push(entry.key) > limit) break;
          } else if (keys.length < limit) {
            foreign.push(entry.foreign);
          }
        }
        const page = keys.slice(0, limit);
        const objects: StoredObject[] = [];
        for (const [index, described] of (await Promise.all(page.map((key) => this.describeListed(key)))).entries()) {
          if (typeof described === 'object') objects.push(described);
          else if (described === 'foreign')
            foreign.push(path.relative(this.basePath, keyToPath(this.basePath, page[index])));
        }
        return {
          objects,
          // The last key walked, even if deleted meanwhile: the next page starts after it either way.
          cursor: keys.length > limit ? page[page.length - 1] : undefined,
          ...(foreign.length > 0 ? { foreign: foreign.map((entry) => entry.split(path.sep).join('/')) } : {}),
        };
      } catch (error) {
        throw this.failure('list', prefix, this.basePath, error);
      }
    });
  }

  async stat(key: string): Promise<StoredObject | undefined> {
    const file = keyToPath(this.basePath, key);
    return this.limiter.run(async () => {
      try {
        await this.boundary.check(path.dirname(file));
        return await this.describe(key, file);
      } catch (error) {
        if (isNothingThere(error)) return undefined;
        throw this.failure('stat', key, file, error);
      }
    });
  }

  private async write(operation: 'put' | 'putIfAbsent' | 'putStream', key: string, bytes: Content): Promise<boolean> {
    const file = keyToPath(this.basePath, key);
    const directory = path.dirname(file);
    const hashed = hashedEntriesOf(this.basePath, key);
    const exclusive = operation === 'putIfAbsent';
    // The fast path of a persisted miss: synchronous, so it takes no turn in the limiter (its descriptors live only
    // during this call). Only in a directory known to exist, and without long segments' name files to write.
    if (
      !isChunks(bytes) &&
      bytes?.byteLength <= this.syncWriteMaxBytes &&
      hashed.length === 0 &&
      this.boundary.knows(directory)
    ) {
      try {
        return this.boundary.inDirectorySync(directory, (entry) =>
          writeAtomicallySync(entry(path.basename(file)), bytes, { exclusive, checkOpened: this.checkOpenedSync }),
        );
      } catch (error) {
        // Removed meanwhile: the asynchronous path below prepares it again.
        if (!isNothingThere(error)) return this.writeFailed(operation, key, file, error);
        this.boundary.forget(directory);
      }
    }
    const options = {
      exclusive,
      fsync: this.fsync,
      // The directory is prepared below; one removed meanwhile (by a delete that emptied it) is prepared again.
      prepareDirectory: async () => {
        throw directoryRemoved(directory);
      },
      checkOpened: this.checkOpened,
    };
    return this.limiter.run(async () => {
      try {
        for (let attempt = 1; ; attempt++) {
          await this.boundary.prepare(directory, { fsync: this.fsync });
          if (attempt === 1) await writeNameFiles(hashed, this.nameFileWrites);
          try {
            const written = await this.boundary.inDirectory(directory, (entry, syncDirectory) =>
              writeAtomically(entry(path.basename(file)), bytes, this.fsync ? { ...options, syncDirectory } : options),
            );
            await restoreNameFiles(hashed, this.nameFileWrites);
            return written;
          } catch (error) {
            if (!isNothingThere(error) || attempt === DIRECTORY_ATTEMPTS) throw error;
            this.boundary.forget(directory); // removed meanwhile: prepared again
          }
        }
      } catch (error) {
        return this.writeFailed(operation, key, file, error);
      }
    });
  }

  private async writeFailed(operation: string, key: string, file: string, error: unknown): Promise<never> {
    // Remove the directories the failed write created, unless the path leads out of the store: there, nothing is
    // touched.
    if (errorCode(error) !== OUTSIDE_STORE) await this.removeEmptyDirectories(path.dirname(file));
    throw this.failure(operation, key, file, error);
  }

  /** `removeEmptyDirectories` below the base path; the next write in a removed directory prepares it again. */
  private removeEmptyDirectories(
    directory: string,
    afterRemoving?: (directory: string) => Promise<void>,
  ): Promise<void> {
    return removeEmptyDirectories(directory, this.basePath, async (removed) => {
      this.boundary.forget(removed);
      await afterRemoving?.(removed);
    });
  }

  /** A listed key's object, or why it is none: gone meanwhile, or replaced by something that is no regular file. */
  private async describeListed(key: string): Promise<StoredObject | 'gone' | 'foreign'> {
    try {
      const file = keyToPath(this.basePath, key);
      // Where small reads are synchronous (a local disk), so is the `lstat` of each listed file: a page of a
      // thousand then takes milliseconds instead of a thousand thread-pool round trips.
      if (this.syncReadMaxBytes > 0) return objectOf(key, file, lstatSyncOrNothing(file)) ?? 'gone';
      return (await this.describe(key, file)) ?? 'gone';
    } catch (error) {
      if (errorCode(error) === NOT_REGULAR_FILE) return 'foreign';
      throw error;
    }
  }

  /** The object's size and time, from `lstat`: a symbolic link, FIFO or directory under the key is no object. */
  private async describe(key: string, file: string): Promise<StoredObject | undefined> {
    try {
      return objectOf(key, file, await fs.lstat(file));
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

/** The object a file's `lstat` describes; a symbolic link, FIFO or directory under the key is no object. */
function objectOf(key: string, file: string, stats: Stats | undefined): StoredObject | undefined {
  if (stats === undefined) return undefined;
  if (!stats.isFile()) throw notRegularFile(file, describeKind(stats));
  // A Date of the caller's realm: `stats.mtime` is built inside Node, so `instanceof Date` fails in a vm (jest).
  return { key, size: stats.size, modifiedAt: new Date(stats.mtimeMs) };
}

function lstatSyncOrNothing(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch (error) {
    if (isNothingThere(error)) return undefined;
    throw error;
  }
}
