import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { errorCode } from './fileErrors';
import { TEMP_PREFIX } from './segmentEncoding';
import { syncCreatedDirectories, syncDirectory } from './syncDirectory';

export interface AtomicWriteOptions {
  /** Create only: leave an existing target alone and return `false`. */
  readonly exclusive: boolean;
  /** Flush the file and its directory to disk before returning. */
  readonly fsync: boolean;
  /**
   * Creates the target's directory when it is missing (default: `mkdir -p`, flushed with `fsync`). The storage
   * passes one that never creates a directory through a symbolic link.
   */
  readonly prepareDirectory?: (directory: string) => Promise<void>;
}

// A concurrent delete removes emptied directories; a writer that loses that race creates them again, a few times.
const DIRECTORY_ATTEMPTS = 5;

/**
 * Writes `bytes` to `target` so that a reader sees the old file or the whole new one, never a part. The bytes go
 * to a temp file in the target's directory (rename and link are atomic only within one file system), which then
 * replaces the target (`rename`) or, when `exclusive`, gets the target as a second name (`link`, which fails when
 * the target exists, so exactly one of many concurrent creators wins). The temp file never outlives the call.
 */
export async function writeAtomically(
  target: string,
  bytes: Uint8Array,
  options: AtomicWriteOptions,
): Promise<boolean> {
  const directory = path.dirname(target);
  const temp = path.join(directory, `${TEMP_PREFIX}${randomBytes(8).toString('hex')}`);
  await writeTempFile(temp, bytes, options);
  let tempRemains = true;
  try {
    if (options.exclusive) {
      if (!(await linkUnlessTaken(temp, target))) return false;
    } else {
      await fs.rename(temp, target);
      tempRemains = false;
    }
    if (options.fsync) await syncDirectory(directory);
    return true;
  } finally {
    if (tempRemains) await removeQuietly(temp);
  }
}

async function writeTempFile(temp: string, bytes: Uint8Array, options: AtomicWriteOptions): Promise<void> {
  const { fsync } = options;
  const handle = await openNewFile(temp, options);
  try {
    try {
      await handle.writeFile(bytes);
      if (fsync) await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (error) {
    await removeQuietly(temp);
    throw error;
  }
}

/** Opens a new file for writing, creating its directories (the base path too) when they are missing. */
async function openNewFile(file: string, options: AtomicWriteOptions): Promise<FileHandle> {
  const directory = path.dirname(file);
  const prepareDirectory = options.prepareDirectory ?? ((missing: string) => makeDirectories(missing, options.fsync));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fs.open(file, 'wx');
    } catch (error) {
      if (errorCode(error) !== 'ENOENT' || attempt === DIRECTORY_ATTEMPTS) throw error;
    }
    await prepareDirectory(directory);
  }
}

async function makeDirectories(directory: string, fsync: boolean): Promise<void> {
  const firstCreated = await fs.mkdir(directory, { recursive: true });
  if (fsync && firstCreated !== undefined) await syncCreatedDirectories(firstCreated, directory);
}

async function linkUnlessTaken(temp: string, target: string): Promise<boolean> {
  try {
    await fs.link(temp, target);
    return true;
  } catch (error) {
    if (errorCode(error) !== 'EEXIST') throw error;
    // Over NFS a link whose reply was lost is retried and reports EEXIST though it succeeded: the temp file then
    // has two names, and the second is the target (the check open(2) recommends).
    return (await fs.stat(temp)).nlink === 2;
  }
}

// Best effort: the outcome of the write matters more than a failed clean-up, and listing skips temp files anyway.
async function removeQuietly(file: string): Promise<void> {
  await fs.rm(file, { force: true }).catch(() => undefined);
}
