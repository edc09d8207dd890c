import { StorageKeyError } from '../errors/StorageKeyError';

/** Longest key accepted, in UTF-8 bytes: S3's own limit, and well under file-system path limits. */
export const MAX_STORAGE_KEY_BYTES = 1024;
// File names are limited to 255 bytes, and an adapter may need a few for escaping and a suffix.
export const MAX_SEGMENT_BYTES = 200;

/**
 * The one place storage keys are checked: core checks every key before a storage adapter or lock manager gets it
 * (see `guardStorage`). A key is a relative, `/`-separated path of non-empty segments: no `.` or `..` segment, no
 * leading or trailing `/`, no backslash, no control character (C0, DEL or C1), no lone surrogate, at most 1024
 * bytes and 200 bytes per segment. Throws `StorageKeyError`.
 * `allowPrefix` accepts what `list` takes: the empty string, a trailing `/`, and an unfinished last segment
 * (`..` is a fine start for the key `..a`).
 */
export function checkStorageKey(key: string, { allowPrefix = false }: { allowPrefix?: boolean } = {}): void {
  const fail = (rule: string): never => {
    throw new StorageKeyError(String(key), rule);
  };
  if (typeof key !== 'string') fail('a key must be a string');
  if (key === '') {
    if (allowPrefix) return;
    fail('a key must not be empty');
  }
  if (Buffer.byteLength(key, 'utf8') > MAX_STORAGE_KEY_BYTES)
    fail(`a key must be at most ${MAX_STORAGE_KEY_BYTES} bytes`);
  if (/[\u0000-\u001f\u007f-\u009f]/.test(key)) fail('a key must not contain control characters');
  // A lone surrogate has no UTF-8 form: file systems and S3
  // would store it as U+FFFD, so two keys would share one object.
  if (!(key as unknown as { isWellFormed(): boolean }).isWellFormed())
    fail('a key must be well-formed Unicode (no lone surrogates)');
  if (key.includes('\\')) fail('a key must not contain a backslash; separate segments with /');
  if (key.startsWith('/')) fail('a key must be relative: it must not start with /');
  const segments = key.split('/');
  const unfinished = allowPrefix ? segments.pop() : undefined;
  if (unfinished !== undefined && Buffer.byteLength(unfinished, 'utf8') > MAX_SEGMENT_BYTES) {
    fail(`a key segment must be at most ${MAX_SEGMENT_BYTES} bytes`);
  }
  for (const segment of segments) {
    if (segment === '') fail('a key must not contain empty segments (// or a trailing /)');
    if (segment === '.' || segment === '..') fail('a key must not contain . or .. segments');
    if (Buffer.byteLength(segment, 'utf8') > MAX_SEGMENT_BYTES)
      fail(`a key segment must be at most ${MAX_SEGMENT_BYTES} bytes`);
  }
}

/**
 * Whether `checkStorageKey` accepts the key: for listings, which skip what other programs put in a store (an S3
 * console's folder marker `team/archive/`, a file whose name decodes to `./x`) instead of failing on it.
 */
export function isStorageKey(key: string): boolean {
  try {
    checkStorageKey(key);
    return true;
  } catch (error) {
    if (error instanceof StorageKeyError) return false;
    throw error;
  }
}
