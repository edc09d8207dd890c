import path from 'node:path';
import { isBelow } from '../keyToPath';
import { encodeSegment } from '../segmentEncoding';
import { StorageKeyError } from '@flowcache/core/adapters';

/** Every lock file's name ends with this and no directory name does, so locks on `a` and `a.lock/b` coexist. */
export const LOCK_SUFFIX = '.lock';

/**
 * One key segment as a name in the lock directory: `encodeSegment` (which escapes `%` and a leading `.`), and then
 * the `.` of a trailing `.lock` (any case) escaped as `%2E`. `encodeSegment` emits `%2E` only for a leading `.` or
 * before a trailing `fcr`, so the extra escape cannot make two segments share a name.
 */
export function encodeLockSegment(segment: string): string {
  const encoded = encodeSegment(segment);
  if (!encoded.toLowerCase().endsWith(LOCK_SUFFIX)) return encoded;
  return `${encoded.slice(0, -LOCK_SUFFIX.length)}%2E${encoded.slice(1 - LOCK_SUFFIX.length)}`;
}

/** The lock file of a (checked) key: its segments as directories, the last one a file ending in `.lock`. */
export function lockKeyToPath(directory: string, key: string): string {
  const names = key.split('/').map(encodeLockSegment);
  names[names.length - 1] += LOCK_SUFFIX;
  const candidate = path.join(directory, ...names);
  if (!isBelow(directory, path.resolve(candidate))) {
    throw new StorageKeyError(key, `its lock file ${candidate} would be outside the lock directory ${directory}`);
  }
  return candidate;
}
