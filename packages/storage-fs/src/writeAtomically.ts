import { randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { errorCode, OUTSIDE_STORE } from './fileErrors';
import { TEMP_PREFIX } from './segmentEncoding';
import { syncCreatedDirectories, syncDirectory } from './syncDirectory';
import { type Content, writeContent } from './writeContent';

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
  /**
   * Throws if the file open as the descriptor, created or renamed as the path, lies outside the store (the
   * storage passes `StoreBoundary.checkOpened`). Called on the temp file before its bytes are written, and on the
   * target once it has its name.
   */
  readonly checkOpened?: OpenedCheck;
  /**
   * With `fsync`, flushes the target's directory once the target has its name (default: open the directory by its
   * path, `fsync`, close). The storage passes one through the descriptor it already holds.
   */
  readonly syncDirectory?: () => Promise<void>;
}

type OpenedCheck = (descriptor: number, file: string) => Promise<void>;

const NO_FOLLOW = constants.O_NOFOLLOW ?? 0;

/** Create only, never through a symbolic link (`O_EXCL` already refuses one; `O_NOFOLLOW` says so). */
export const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | NO_FOLLOW;

/** How the target of an exclusive write is opened again to check it is the temp file (see `checkLinked`). */
export const LINKED_CHECK_FLAGS = constants.O_RDONLY | NO_FOLLOW | (constants.O_NONBLOCK ?? 0);

/**
 * A temp file's path next to `target`: a random name, so that it exists only where the write creating it put it,
 * and removing it by its path is safe wherever the path leads by then.
 */
export function tempFileFor(target: string): string {
  return path.join(path.dirname(target), `${TEMP_PREFIX}${randomName()}`);
}

// Random bytes are drawn 4 KiB at a time: a call for each 8-byte name costs more than the rest of naming the file.
const RANDOM_POOL_BYTES = 4096;
let randomPool = Buffer.alloc(0);
let randomPoolUsed = 0;

function randomName(): string {
  if (randomPoolUsed + 8 > randomPool.length) {
    randomPool = randomBytes(RANDOM_POOL_BYTES);
    randomPoolUsed = 0;
  }
  const name = randomPool.toString('hex', randomPoolUsed, randomPoolUsed + 8);
  randomPoolUsed += 8;
  return name;
}

/** Whether the linked target is the temp file (same inode, same device); a target elsewhere is refused. */
export function checkSameFile(
  temp: { readonly ino: number; readonly dev: number },
  linked: { readonly ino: number; readonly dev: number },
  target: string,
): void {
  if (temp.ino !== linked.ino || temp.dev !== linked.dev) {
    const message = `${target} is not the file just linked there: its directory was replaced meanwhile`;
    throw Object.assign(new Error(message), { code: OUTSIDE_STORE, path: target });
  }
}

// A concurrent delete removes emptied directories; a writer that loses that race creates them again, a few times.
const DIRECTORY_ATTEMPTS = 5;

/**
 * Writes `content` (bytes, or chunks one after another) to `target` so that a reader sees the old file or the whole
 * new one, never a part, even when the process dies midway. The bytes go
 * to a temp file in the target's directory (rename and link are atomic only within one file system), which then
 * replaces the target (`rename`) or, when `exclusive`, gets the target as a second name (`link`, which fails when
 * the target exists, so exactly one of many concurrent creators wins). The temp file never outlives the call.
 *
 * With `checkOpened`, the temp file is checked to lie inside the store once created, before a byte is written,
 * and the target once it has its name: see {@link AtomicWriteOptions.checkOpened}.
 */
export async function writeAtomically(target: string, content: Content, options: AtomicWriteOptions): Promise<boolean> {
  const { checkOpened, exclusive, fsync } = options;
  const directory = path.dirname(target);
  const temp = tempFileFor(target);
  const handle = await openNewFile(temp, options);
  // Removing the temp file by its path is safe wherever that path leads by then: its random name exists only
  // where this call created it (or nowhere).
  let tempRemains = true;
  try {
    await checkOpened?.(handle.fd, temp);
    await writeContent(handle, content);
    if (fsync) await handle.sync();
    // A swap of the directory after the check cannot move anything else into place: both paths are looked up
    // again, and in the directory a swap brought in, the temp file's random name does not exist (ENOENT, nothing
    // moved). Only a swap between the kernel's lookups of the two paths can give the new name another directory
    // than the temp file's: the check after it, through the descriptor still open, sees where the name landed.
    if (exclusive) {
      if (!(await linkUnlessTaken(temp, target))) return false;
      if (checkOpened !== undefined) await checkLinked(handle, target, checkOpened);
    } else {
      await fs.rename(temp, target);
      tempRemains = false;
      await checkOpened?.(handle.fd, target);
    }
    if (fsync) await (options.syncDirectory?.() ?? syncDirectory(directory));
    return true;
  } finally {
    await handle.close();
    if (tempRemains) await removeQuietly(temp);
  }
}

/**
 * After `link`: the target, opened again without following a symbolic link, must be the temp file (same inode)
 * and lie inside the store. A name that landed outside is reported, not removed: what is there is not ours to
 * touch.
 */
async function checkLinked(temp: FileHandle, target: string, checkOpened: OpenedCheck): Promise<void> {
  const linked = await fs.open(target, LINKED_CHECK_FLAGS);
  try {
    await checkOpened(linked.fd, target);
    const [tempStats, linkedStats] = await Promise.all([temp.stat(), linked.stat()]);
    checkSameFile(tempStats, linkedStats, target);
  } finally {
    await linked.close();
  }
}

/** Opens a new file for writing, creating its directories (the base path too) when they are missing. */
async function openNewFile(file: string, options: AtomicWriteOptions): Promise<FileHandle> {
  const directory = path.dirname(file);
  const prepareDirectory = options.prepareDirectory ?? ((missing: string) => makeDirectories(missing, options.fsync));
  for (let attempt = 1; ; attempt++) {
    try {
      return await fs.open(file, CREATE_FLAGS);
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
