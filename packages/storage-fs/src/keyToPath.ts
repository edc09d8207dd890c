import path from 'node:path';
import { StorageKeyError } from '@flowcache/core/adapters';
import { entryName } from './longSegments';

export { decodeSegment, encodeSegment, OBJECT_SUFFIX, TEMP_PREFIX } from './segmentEncoding';

/** The file holding the object stored under a (checked) key. On the path of every cache hit: kept cheap. */
export function keyToPath(basePath: string, key: string): string {
  const segments = key.split('/');
  const names = segments.map((segment, index) => entryName(segment, index === segments.length - 1));
  return belowBasePath(basePath, names, key);
}

/** The directory holding every key that starts with `segments.join('/') + '/'`. */
export function segmentsToDirectory(basePath: string, segments: readonly string[]): string {
  if (segments.length === 0) return basePath;
  return belowBasePath(
    basePath,
    segments.map((segment) => entryName(segment, false)),
    `${segments.join('/')}/`,
  );
}

/** Whether `candidate` (absolute, normalized) lies strictly below `basePath`. */
export function isBelow(basePath: string, candidate: string): boolean {
  return candidate.startsWith(basePath.endsWith(path.sep) ? basePath : basePath + path.sep);
}

/**
 * The path of `names` below the (absolute, normalized) base path. The encoding alone keeps every path inside it;
 * refusing names that could step out or up keeps it so if the encoding is ever changed.
 */
function belowBasePath(basePath: string, names: readonly string[], key: string): string {
  for (const name of names) {
    if (name === '' || name === '.' || name === '..' || name.includes('/') || name.includes(path.sep)) {
      throw new StorageKeyError(
        key,
        `its file name ${JSON.stringify(name)} would lead outside the storage directory ${basePath}`,
      );
    }
  }
  return (basePath.endsWith(path.sep) ? basePath : basePath + path.sep) + names.join(path.sep);
}
