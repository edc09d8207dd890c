import { promises as fs, type Dirent } from 'node:fs';
import path from 'node:path';
import { isStorageKey } from '@flowcache/core/adapters';
import { isNothingThere } from './fileErrors';
import { entryName, isHashedName, NAME_FILE_PREFIX } from './longSegments';
import { readNameFile } from './nameFiles';
import { decodeSegment, OBJECT_SUFFIX, TEMP_PREFIX } from './segmentEncoding';

/**
 * A temp file this old is a leftover of a writer killed mid-write: a live write holds its temp file only while
 * the bytes go to disk.
 */
const LEFTOVER_AGE_MS = 60 * 60_000;

/**
 * What a listing meets, in key order: a stored object's key, or an entry that is no object of this storage (a
 * symbolic link, a FIFO or socket, a file or directory with a name this storage never writes), named by its path
 * relative to the base path, and placed in key order by `position` (its key prefix and name).
 */
export type ListedEntry = { readonly key: string } | { readonly foreign: string; readonly position: string };

interface Entry {
  /** The decoded segment, or `undefined` for a foreign entry. */
  readonly segment: string | undefined;
  readonly fileName: string;
  readonly isDirectory: boolean;
  /** Where the entry's keys sort among its siblings' (see `readEntries`). */
  readonly order: Buffer;
}

/**
 * The keys starting with `prefix` (already checked) and sorting after `cursor`, ascending by UTF-8 bytes (S3's
 * order), with the foreign entries met on the way, produced lazily so that a page reads only the directories it
 * needs. Only the directory of the prefix's complete segments is walked: `a/b/c` reads `a/b/` and, below it, only
 * the entries starting with `c`. A symbolic link is never followed, to a directory or a file.
 */
export async function* listKeys(
  basePath: string,
  prefix: string,
  cursor: string | undefined,
): AsyncGenerator<ListedEntry> {
  const segments = prefix.split('/');
  const partial = segments.pop()!;
  const keyPrefix = segments.map((segment) => `${segment}/`).join('');
  const after = cursor === undefined ? undefined : Buffer.from(cursor);
  let directory = basePath;
  let relative = '';
  for (const segment of segments) {
    const name = entryName(segment, false);
    directory = path.join(directory, name);
    relative += name;
    const kind = await directoryKind(directory);
    if (kind === 'missing') return;
    if (kind === 'foreign') {
      if (isAtOrAfter(keyPrefix, after)) yield { foreign: relative, position: keyPrefix };
      return;
    }
    relative += '/';
  }
  yield* walk(directory, relative, keyPrefix, partial, after);
}

async function* walk(
  directory: string,
  relative: string,
  keyPrefix: string,
  partial: string,
  after: Buffer | undefined,
): AsyncGenerator<ListedEntry> {
  for (const entry of await readEntries(directory)) {
    if (entry.segment === undefined) {
      const position = keyPrefix + entry.fileName;
      if (entry.fileName.startsWith(partial) && isAtOrAfter(position, after))
        yield { foreign: relative + entry.fileName, position };
      continue;
    }
    if (!entry.segment.startsWith(partial)) continue;
    const key = keyPrefix + entry.segment;
    if (entry.isDirectory) {
      if (isWhollyBefore(`${key}/`, after)) continue;
      yield* walk(path.join(directory, entry.fileName), `${relative}${entry.fileName}/`, `${key}/`, '', after);
    } else if (isAfter(key, after)) {
      if (isStorageKey(key))
        yield { key }; // a file someone else placed may decode to `./x`
      else yield { foreign: relative + entry.fileName, position: key };
    }
  }
}

/**
 * The directory's entries, in the order of their keys. Every key under a subdirectory `d` starts with `d/`, and
 * every other sibling's keys start with something that is neither a prefix of `d/` nor has `d/` as a prefix (or
 * is a single key that is a prefix of it, like `d`, and so sorts first): sorting siblings by `name` for objects
 * and `name/` for directories therefore lists the whole tree depth-first in key order. Foreign entries sort by
 * their file name, after an object or directory of equal order.
 */
async function readEntries(directory: string): Promise<Entry[]> {
  let dirents: Dirent[];
  try {
    dirents = await fs.readdir(directory, { withFileTypes: true });
  } catch (error) {
    if (isNothingThere(error)) return []; // never written, or emptied and removed by a delete meanwhile
    throw error;
  }
  const entries: Entry[] = [];
  for (const dirent of dirents) {
    const entry = await toEntry(directory, dirent);
    if (entry !== undefined) entries.push(entry);
  }
  return entries.sort(
    (left, right) =>
      Buffer.compare(left.order, right.order) ||
      Number(left.segment === undefined) - Number(right.segment === undefined),
  );
}

/** The entry a directory entry is, or `undefined` for a file of this storage that is no object (temp, name file). */
async function toEntry(directory: string, dirent: Dirent): Promise<Entry | undefined> {
  const { name } = dirent;
  if (dirent.isFile() && name.startsWith(TEMP_PREFIX)) {
    await removeIfLeftover(path.join(directory, name));
    return undefined;
  }
  if (dirent.isFile() && name.startsWith(NAME_FILE_PREFIX)) return undefined;
  const isObject = dirent.isFile() && name.endsWith(OBJECT_SUFFIX);
  const foreign: Entry = { segment: undefined, fileName: name, isDirectory: false, order: Buffer.from(name) };
  // Symbolic links, FIFOs, sockets and devices; files that are no object's.
  if (!isObject && !dirent.isDirectory()) return foreign;
  const stem = isObject ? name.slice(0, -OBJECT_SUFFIX.length) : name;
  const segment = isHashedName(stem) ? await readNameFile(directory, name, isObject) : decodeSegment(stem);
  if (segment === undefined) return foreign; // a name this storage never writes (`.git`, `%41.fcr`)
  return { segment, fileName: name, isDirectory: !isObject, order: Buffer.from(isObject ? segment : `${segment}/`) };
}

/** Whether a directory on the prefix's path is a real directory, missing, or something else (a symbolic link). */
async function directoryKind(directory: string): Promise<'directory' | 'missing' | 'foreign'> {
  try {
    return (await fs.lstat(directory)).isDirectory() ? 'directory' : 'foreign';
  } catch (error) {
    if (isNothingThere(error)) return 'missing';
    throw error;
  }
}

/** Removes a temp file old enough to be a killed writer's leftover. Best effort: listing goes on regardless. */
async function removeIfLeftover(file: string): Promise<void> {
  try {
    const stats = await fs.lstat(file);
    if (stats.isFile() && Date.now() - stats.mtimeMs >= LEFTOVER_AGE_MS) await fs.unlink(file);
  } catch {
    // Gone already (renamed by its writer, or removed by another lister), or not ours to remove.
  }
}

function isAfter(key: string, after: Buffer | undefined): boolean {
  return after === undefined || Buffer.compare(Buffer.from(key), after) > 0;
}

/**
 * A foreign entry sorts after a key of equal position: the page ending with that key stops before it, so the
 * next page, which starts after that key, includes it.
 */
function isAtOrAfter(position: string, after: Buffer | undefined): boolean {
  return after === undefined || Buffer.compare(Buffer.from(position), after) >= 0;
}

/** Every key starting with `directoryKey` sorts at or before `after`: the cursor is past the whole directory. */
function isWhollyBefore(directoryKey: string, after: Buffer | undefined): boolean {
  if (after === undefined) return false;
  const bytes = Buffer.from(directoryKey);
  return Buffer.compare(bytes, after) < 0 && !after.subarray(0, bytes.byteLength).equals(bytes);
}
