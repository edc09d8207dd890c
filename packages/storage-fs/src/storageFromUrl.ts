import { fileURLToPath } from 'node:url';
import { ConfigurationError } from '@flowcache/core/adapters';
import { FileSystemStorage } from './FileSystemStorage';

/**
 * The storage a `file:` URL names, for `FLOWCACHE_RESULTS_DEFAULT_STORAGE=file:///var/cache/flowcache`
 * (`?fsync=true` turns on fsync). Core calls it when it resolves a default storage URL.
 */
export function storageFromUrl(url: URL): FileSystemStorage {
  if (url.protocol !== 'file:') throw new ConfigurationError(`${url.href} is not a file: URL`);
  const fsync = url.searchParams.get('fsync');
  if (fsync !== null && fsync !== 'true' && fsync !== 'false') {
    throw new ConfigurationError(`${url.href}: fsync must be true or false, got "${fsync}"`);
  }
  const location = new URL(url.href);
  location.search = '';
  let basePath: string;
  try {
    basePath = fileURLToPath(location);
  } catch (error) {
    throw new ConfigurationError(
      `${url.href} does not name a local directory (use file:///abs/path): ${String(error)}`,
    );
  }
  return new FileSystemStorage({ basePath, fsync: fsync === 'true' });
}
