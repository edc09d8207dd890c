import { ConfigurationError } from '@flowcache/core/adapters';

/** How a {@link FileSystemStorage} is set up. */
export interface FileSystemStorageOptions {
  /**
   * The directory holding the stored objects; a relative path resolves against the working directory. It is
   * created, with its parents, on the first write, so a storage that is only read creates nothing.
   */
  readonly basePath: string;
  /**
   * Flush every write (the file, then its directory) to the disk before the write resolves, so a stored result
   * survives a crash or power loss. Writes are atomic either way; without `fsync` the last ones may be lost.
   * Default `false`.
   */
  readonly fsync?: boolean;
  /**
   * Read objects up to this size synchronously, which makes a cache hit several times faster on a local disk;
   * larger objects are read asynchronously. Set 0 on a network file system, where a read may block for long.
   * Default 4194304 (4 MiB).
   */
  readonly syncReadMaxBytes?: number;
  /**
   * At most this many file operations of this storage (reads, writes, deletes, listings) run at once; the others
   * wait their turn. Each holds one file descriptor at a time, so a burst of thousands of concurrent calls cannot
   * exhaust the process's descriptors (`ulimit -n`, 256 by default on macOS) and fail with EMFILE. The small
   * synchronous reads of cache hits (`syncReadMaxBytes`) open and close their file at once and do not wait.
   * Default 64.
   */
  readonly maxConcurrentFileOperations?: number;
}

/**
 * Up to this size an object is read synchronously by default. On a local disk, reading a few MiB takes a fraction
 * of what decoding them then takes on the same thread (1 MiB: about 0.2 ms to read, 5 ms to `JSON.parse`), while
 * an asynchronous read waits for five thread-pool round trips (open, the boundary check, stat, read, close),
 * which cost more than the read itself.
 */
export const DEFAULT_SYNC_READ_MAX_BYTES = 4 * 1024 * 1024;

const OPTION_NAMES = ['basePath', 'fsync', 'syncReadMaxBytes', 'maxConcurrentFileOperations'];

/** The options with their defaults, or a `ConfigurationError` naming what is wrong. */
export function checkFileSystemStorageOptions(options: FileSystemStorageOptions): Required<FileSystemStorageOptions> {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigurationError('FileSystemStorage needs options: new FileSystemStorage({ basePath })');
  }
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.includes(name)) {
      const known = OPTION_NAMES.join(', ');
      throw new ConfigurationError(`unknown FileSystemStorage option "${name}"; the options are ${known}`);
    }
  }
  const {
    basePath,
    fsync = false,
    syncReadMaxBytes = DEFAULT_SYNC_READ_MAX_BYTES,
    maxConcurrentFileOperations = 64,
  } = options;
  if (typeof basePath !== 'string' || basePath === '') {
    throw new ConfigurationError(`FileSystemStorage needs basePath, a directory path, got ${JSON.stringify(basePath)}`);
  }
  if (typeof fsync !== 'boolean') {
    throw new ConfigurationError(`FileSystemStorage option fsync must be true or false, got ${String(fsync)}`);
  }
  if (!Number.isSafeInteger(syncReadMaxBytes) || syncReadMaxBytes < 0) {
    throw new ConfigurationError(
      `FileSystemStorage option syncReadMaxBytes must be a whole ` +
        `number of bytes, 0 or more, got ${String(syncReadMaxBytes)}`,
    );
  }
  if (!Number.isSafeInteger(maxConcurrentFileOperations) || maxConcurrentFileOperations < 1) {
    throw new ConfigurationError(
      'FileSystemStorage option maxConcurrentFileOperations must be a whole number, 1 or more (keep it well under ' +
        `the open-file limit, ulimit -n), got ${String(maxConcurrentFileOperations)}`,
    );
  }
  return { basePath, fsync, syncReadMaxBytes, maxConcurrentFileOperations };
}
