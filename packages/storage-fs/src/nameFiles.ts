import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isNothingThere } from './fileErrors';
import type { DirectoryOperation } from './StoreBoundary';
import { entryName, isHashedName, nameFileName } from './longSegments';
import { openRegularFile } from './openRegularFile';
import { writeAtomically, type AtomicWriteOptions } from './writeAtomically';

/** A hashed entry on a key's path (an object's file or one of its directories), and the segment it stands for. */
export interface HashedEntry {
  readonly entry: string;
  readonly segment: string;
}

/** The entries on a (checked) key's path under `basePath` whose names are hashed; usually none. */
export function hashedEntriesOf(basePath: string, key: string): HashedEntry[] {
  const segments = key.split('/');
  const hashed: HashedEntry[] = [];
  let entry = basePath;
  segments.forEach((segment, index) => {
    const name = entryName(segment, index === segments.length - 1);
    entry = path.join(entry, name);
    if (isHashedName(name)) hashed.push({ entry, segment });
  });
  return hashed;
}

/** More than any key segment's UTF-8 bytes (core allows 200): a larger name file is not one this storage wrote. */
const MAX_NAME_FILE_BYTES = 1024;

const nameFileOf = (entry: string) => path.join(path.dirname(entry), nameFileName(path.basename(entry)));

/**
 * How name files are written and removed: like the objects they name, inside their directory as the store's
 * boundary opened and checked it (`inDirectory`: a directory swapped for a symbolic link meanwhile is never
 * written through), flushed or not, each new file checked where it landed (`checkOpened`).
 */
export interface NameFileWrites extends Pick<AtomicWriteOptions, 'fsync' | 'checkOpened'> {
  inDirectory<Result>(directory: string, operation: DirectoryOperation<Result>): Promise<Result>;
}

/** Writes the name files of a key's hashed entries (before the object: listing never meets a nameless entry). */
export async function writeNameFiles(entries: readonly HashedEntry[], writes: NameFileWrites): Promise<void> {
  const { fsync, checkOpened } = writes;
  for (const { entry, segment } of entries) {
    await writes.inDirectory(path.dirname(entry), (at, syncDirectory) =>
      writeAtomically(at(nameFileName(path.basename(entry))), Buffer.from(segment, 'utf8'), {
        fsync,
        checkOpened,
        syncDirectory,
        exclusive: false,
      }),
    );
  }
}

/**
 * Writes again the name files that a concurrent delete removed while their entries were being re-created: a
 * writer calls this after writing its object, a deleter after removing a name file, so whichever comes last sees
 * the other's work.
 */
export async function restoreNameFiles(entries: readonly HashedEntry[], writes: NameFileWrites): Promise<void> {
  for (const hashed of entries) {
    if ((await exists(hashed.entry)) && !(await exists(nameFileOf(hashed.entry))))
      await writeNameFiles([hashed], writes);
  }
}

/** Removes the name file of an entry just removed (unless the entry was re-created meanwhile). */
export async function removeNameFile(hashed: HashedEntry, writes: NameFileWrites): Promise<void> {
  try {
    await writes.inDirectory(path.dirname(hashed.entry), (at) =>
      fs.rm(at(nameFileName(path.basename(hashed.entry))), { force: true }),
    );
  } catch (error) {
    if (!isNothingThere(error)) throw error; // its directory went with the entry: nothing left to remove
  }
  await restoreNameFiles([hashed], writes);
}

/**
 * The segment a hashed entry in `directory` stands for, or `undefined` when its name file is missing, is not a
 * regular file, or does not hold a segment that hashes to the entry's name (a planted or damaged one).
 */
export async function readNameFile(directory: string, name: string, isObject: boolean): Promise<string | undefined> {
  let opened;
  try {
    opened = await openRegularFile(path.join(directory, nameFileName(name)));
  } catch {
    return undefined;
  }
  const { handle, size } = opened;
  try {
    if (size > MAX_NAME_FILE_BYTES) return undefined;
    const buffer = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buffer, 0, size, 0);
    const segment = buffer.subarray(0, bytesRead).toString('utf8');
    return entryName(segment, isObject) === name ? segment : undefined;
  } finally {
    await handle.close();
  }
}

async function exists(entry: string): Promise<boolean> {
  try {
    await fs.lstat(entry);
    return true;
  } catch (error) {
    if (isNothingThere(error)) return false;
    throw error;
  }
}
