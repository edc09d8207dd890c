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
   * Read objects up to this size synchronously, which makes a cache hit several times faster on a local disk (and
   * ranged reads of up to this size too: the record headers a listing of thousands of records reads);
   * larger objects are read asynchronously. Set 0 on a network file system, where a read may block for long.
   * Default 4194304 (4 MiB).
   */
  readonly syncReadMaxBytes?: number;
  /**
   * Write objects up to this size synchronously when `fsync` is off and their directory is known to exist (written
   * to before by this storage), which makes a persisted miss about twice as fast on a local disk; larger objects,
   * and every write with `fsync`, are written asynchronously. Writes stay atomic either way. Set 0 on a network
   * file system, where a write may block for long. Default 262144 (256 KiB).
   */
  readonly syncWriteMaxBytes?: number;
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

/**
 * Up to this size an object is written synchronously by default (without `fsync`, in a known directory). An
 * asynchronous write waits for four thread-pool round trips (open, write, rename, close), 0.5 ms or more on a busy
 * machine, while the system calls themselves take tens of µs for a small object; copying 256 KiB into the page
 * cache adds about 0.1 ms, a pause the event loop takes in stride, while a larger write would hold it longer than
 * the round trips it saves.
 */
export const DEFAULT_SYNC_WRITE_MAX_BYTES = 256 * 1024;

const OPTION_NAMES = ['basePath', 'fsync', 'syncReadMaxBytes', 'syncWriteMaxBytes', 'maxConcurrentFileOperations'];

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
    syncWriteMaxBytes = DEFAULT_SYNC_WRITE_MAX_BYTES,
    maxConcurrentFileOperations = 64,
  } = options;
  if (typeof basePath !== 'string' || basePath === '') {
    throw new ConfigurationError(`FileSystemStorage needs basePath, a directory path, got ${JSON.stringify(basePath)}`);
  }
  if (typeof fsync !== 'boolean') {
    throw new ConfigurationError(`FileSystemStorage option fsync must be true or false, got ${String(fsync)}`);
  }
  checkByteCount('syncReadMaxBytes', syncReadMaxBytes);
  checkByteCount('syncWriteMaxBytes', syncWriteMaxBytes);
  if (!Number.isSafeInteger(maxConcurrentFileOperations) || maxConcurrentFileOperations < 1) {
    throw new ConfigurationError(
      'FileSystemStorage option maxConcurrentFileOperations must be a whole number, 1 or more (keep it well under ' +
        `the open-file limit, ulimit -n), got ${String(maxConcurrentFileOperations)}`,
    );
  }
  return { basePath, fsync, syncReadMaxBytes, syncWriteMaxBytes, maxConcurrentFileOperations };
}

function checkByteCount(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new ConfigurationError(
      `FileSystemStorage option ${name} must be a whole number of bytes, 0 or more (0 turns it off), ` +
        `got ${String(value)}`,
    );
  }
}
