import { createHash } from 'node:crypto';
import { encodeSegment, OBJECT_SUFFIX } from './segmentEncoding';

/** The longest file or directory name most file systems accept, in bytes (`NAME_MAX`). */
export const MAX_NAME_BYTES = 255;

/**
 * Names of entries standing for a segment too long to be a name: `%sha256-` and the segment's hash. No escaped
 * segment contains `%` other than in `%25` or `%2E`, so no ordinary name can look like one.
 */
export const HASHED_PREFIX = '%sha256-';

/**
 * A hashed entry's name file, next to it, holds the segment it stands for (so listing returns the original key):
 * `.fc-name-` and the entry's name. Like every name starting with `.`, it is never an object or a key's directory.
 */
export const NAME_FILE_PREFIX = '.fc-name-';

/**
 * The name of a key segment's entry: its escaped form (with `.fcr` for an object), or, when that is longer than a
 * name may be, `%sha256-<hash of the segment>` (with `.fcr` for an object). Segments that fit keep their name, so
 * stores written before long segments were hashed read the same.
 */
export function entryName(segment: string, isObject: boolean): string {
  const escaped = isObject ? encodeSegment(segment) + OBJECT_SUFFIX : encodeSegment(segment);
  if (Buffer.byteLength(escaped, 'utf8') <= MAX_NAME_BYTES) return escaped;
  const hashed = HASHED_PREFIX + createHash('sha256').update(segment, 'utf8').digest('hex');
  return isObject ? hashed + OBJECT_SUFFIX : hashed;
}

/** Whether a directory entry's name is a hashed segment's (`%sha256-…` or `%sha256-….fcr`). */
export function isHashedName(name: string): boolean {
  return name.startsWith(HASHED_PREFIX);
}

/** The name of the file holding the segment a hashed entry stands for. */
export function nameFileName(entry: string): string {
  return NAME_FILE_PREFIX + entry;
}
