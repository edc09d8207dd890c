import { closeSync, constants, fstatSync, openSync, promises as fs, type Stats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { errorCode, notRegularFile } from './fileErrors';

/**
 * Opening never blocks and never follows a symbolic link: a FIFO planted under a key would otherwise block the
 * open until a writer appears (forever, with a synchronous open, for the whole process), and a symbolic link could
 * point anywhere. What was opened is then checked to be a regular file before a byte is read.
 */
const READ_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

/** What an entry is, in words, for the message that refuses it. */
export function describeKind(stats: Pick<Stats, 'isFIFO' | 'isSocket' | 'isDirectory' | 'isSymbolicLink'>): string {
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a directory';
  if (stats.isSymbolicLink()) return 'a symbolic link';
  return 'a device or other special file';
}

// O_NOFOLLOW on a symbolic link fails with ELOOP (Linux, macOS) or EMLINK (FreeBSD).
function refuseSymbolicLink(error: unknown, file: string): never {
  const code = errorCode(error);
  if (code === 'ELOOP' || code === 'EMLINK') throw notRegularFile(file, 'a symbolic link');
  throw error;
}

/**
 * What a reader checks about the file it opened, before anything else: that it lies inside the store (see
 * `StoreBoundary.checkOpened`). Throws to refuse it; the descriptor is then closed unread.
 */
export type OpenedCheck<Result> = (descriptor: number, file: string) => Result;

/** A descriptor open for reading on a regular file, its size and `fstat`; throws for anything else. */
export function openRegularFileSync(
  file: string,
  checkOpened?: OpenedCheck<void>,
): { readonly descriptor: number; readonly size: number; readonly stats: Stats } {
  let descriptor: number;
  try {
    descriptor = openSync(file, READ_FLAGS);
  } catch (error) {
    refuseSymbolicLink(error, file);
  }
  try {
    checkOpened?.(descriptor, file);
    const stats = fstatSync(descriptor);
    if (!stats.isFile()) throw notRegularFile(file, describeKind(stats));
    return { descriptor, size: stats.size, stats };
  } catch (error) {
    closeSync(descriptor);
    throw error;
  }
}

/** A handle open for reading on a regular file, its size and `fstat`; throws for anything else. */
export async function openRegularFile(
  file: string,
  checkOpened?: OpenedCheck<Promise<void>>,
): Promise<{ readonly handle: FileHandle; readonly size: number; readonly stats: Stats }> {
  let handle: FileHandle;
  try {
    handle = await fs.open(file, READ_FLAGS);
  } catch (error) {
    refuseSymbolicLink(error, file);
  }
  try {
    await checkOpened?.(handle.fd, file);
    const stats = await handle.stat();
    if (!stats.isFile()) throw notRegularFile(file, describeKind(stats));
    return { handle, size: stats.size, stats };
  } catch (error) {
    await handle.close();
    throw error;
  }
}
