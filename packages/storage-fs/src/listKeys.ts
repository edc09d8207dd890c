import { promises as fs } from 'node:fs';
import path from 'node:path';
import { checkStorageKey } from '@flowcache/core';
import { isNothingThere } from './fileErrors';
import { decodeSegment, OBJECT_SUFFIX, segmentsToDirectory, TEMP_PREFIX } from './keyToPath';

/**
 * A temp file this old is a leftover of a writer killed mid-write: a live write holds its temp file only while
 * the bytes go to disk.
 */
const LEFTOVER_AGE_MS = 60 * 60_000;

interface Entry {
  /** The decoded segment. */
  readonly segment: string;
  readonly fileName: string;
  readonly isDirectory: boolean;
  /** Where the entry's keys sort among its siblings' (see `readEntries`). */
  readonly order: Buffer;
}

/**
 * The keys starting with `prefix` (already checked) and sorting after `cursor`, ascending by UTF-8 bytes (S3's
 * order), produced lazily so that a page reads only the directories it needs. Only the directory of the prefix's
 * complete segments is walked: `a/b/c` reads `a/b/` and, below it, only the entries starting with `c`.
 */
export function listKeys(basePath: string, prefix: string, cursor: string | undefined): AsyncGenerator<string> {
  const segments = prefix.split('/');
  const partial = segments.pop()!;
  const keyPrefix = segments.map((segment) => `${segment}/`).join('');
  const after = cursor === undefined ? undefined : Buffer.from(cursor);
  return walk(segmentsToDirectory(basePath, segments), keyPrefix, partial, after);
}

async function* walk(
  directory: string,
  keyPrefix: string,
  partial: string,
  after: Buffer | undefined,
): AsyncGenerator<string> {
  for (const entry of await readEntries(directory)) {
    if (!entry.segment.startsWith(partial)) continue;
    const key = keyPrefix + entry.segment;
    if (entry.isDirectory) {
      if (!isWhollyBefore(`${key}/`, after)) yield* walk(path.join(directory, entry.fileName), `${key}/`, '', after);
    } else if ((after === undefined || Buffer.compare(Buffer.from(key), after) > 0) && isValidKey(key)) {
      yield key;
    }
  }
}

/**
 * The directory's objects and subdirectories, in the order of their keys. Every key under a subdirectory `d`
 * starts with `d/`, and every other sibling's keys start with something that is neither a prefix of `d/` nor has
 * `d/` as a prefix (or is a single key that is a prefix of it, like `d`, and so sorts first): sorting siblings by
 * `name` for objects and `name/` for directories therefore lists the whole tree depth-first in key order.
 */
async function readEntries(directory: string): Promise<Entry[]> {
  let dirents;
  try {
    dirents = await fs.readdir(directory, { withFileTypes: true });
  } catch (error) {
    if (isNothingThere(error)) return []; // never written, or emptied and removed by a delete meanwhile
    throw error;
  }
  const entries: Entry[] = [];
  for (const dirent of dirents) {
    if (dirent.isFile() && dirent.name.startsWith(TEMP_PREFIX)) {
      await removeIfLeftover(path.join(directory, dirent.name));
      continue;
    }
    const isObject = dirent.isFile() && dirent.name.endsWith(OBJECT_SUFFIX);
    if (!isObject && !dirent.isDirectory()) continue;
    const segment = decodeSegment(isObject ? dirent.name.slice(0, -OBJECT_SUFFIX.length) : dirent.name);
    if (segment === undefined) continue; // a temp file, or a file this storage did not write
    const order = Buffer.from(isObject ? segment : `${segment}/`);
    entries.push({ segment, fileName: dirent.name, isDirectory: !isObject, order });
  }
  return entries.sort((left, right) => Buffer.compare(left.order, right.order));
}

/** Removes a temp file old enough to be a killed writer's leftover. Best effort: listing goes on regardless. */
async function removeIfLeftover(file: string): Promise<void> {
  try {
    const { mtimeMs } = await fs.stat(file);
    if (Date.now() - mtimeMs >= LEFTOVER_AGE_MS) await fs.unlink(file);
  } catch {
    // Gone already (renamed by its writer, or removed by another lister), or not ours to remove.
  }
}

/** Every key starting with `directoryKey` sorts at or before `after`: the cursor is past the whole directory. */
function isWhollyBefore(directoryKey: string, after: Buffer | undefined): boolean {
  if (after === undefined) return false;
  const bytes = Buffer.from(directoryKey);
  return Buffer.compare(bytes, after) < 0 && !after.subarray(0, bytes.byteLength).equals(bytes);
}

// A file someone else placed could decode to a key the storage would refuse (`./x`, a control character).
function isValidKey(key: string): boolean {
  try {
    checkStorageKey(key);
    return true;
  } catch {
    return false;
  }
}
