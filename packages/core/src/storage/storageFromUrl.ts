import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigurationError } from '../errors/ConfigurationError';
import { StoragePackageMissingError } from '../errors/StoragePackageMissingError';
import { MemoryStorage } from './MemoryStorage';
import { fileUrlOfPlainPath } from './plainPathUrl';
import type { ResultStorage } from './ResultStorage';
import { STORAGE_SCHEMES, storageLocationForms } from './storageSchemes';

/** How `storageFromUrl` finds adapter packages. */
export interface StorageFromUrlOptions {
  /**
   * Directories to look for the adapter package from, in order, each with the `node_modules` folders above it
   * (as `require.resolve`'s `paths`). By default, from `@flowcache/core`'s own location. A program installed
   * apart from the project it works on (a global command) passes its own directory and the working directory.
   */
  readonly resolveFrom?: readonly string[];
}

/**
 * A storage from a URL: `memory://name`, `file:///abs/path` (needs `@flowcache/storage-fs`), `s3://bucket/prefix`
 * (needs `@flowcache/storage-s3`; the S3 client is configured from the standard AWS environment), or a directory
 * path (`./dir`, `/abs/dir`, `~/dir`), read as a `file:` URL. `where` names the setting the URL came from, for
 * error messages. The adapter package is loaded only now; when it cannot be found, `StoragePackageMissingError`
 * names it. It returns the adapter itself (a `FileSystemStorage`, an `S3Storage`): the engine or the
 * `CacheInspector` it is given to checks its arguments (see `guardStorage`).
 */
export function storageFromUrl(url: string, where: string, options: StorageFromUrlOptions = {}): ResultStorage {
  let parsed: URL;
  try {
    parsed = new URL(fileUrlOfPlainPath(url) ?? url);
  } catch {
    throw new ConfigurationError(
      `${where} is "${url}", which is neither a URL nor a directory path; use ${storageLocationForms()}`,
    );
  }
  if (parsed.protocol === 'memory:') return new MemoryStorage({ name: parsed.host || 'default' });
  const scheme = STORAGE_SCHEMES[parsed.protocol];
  if (scheme === undefined) {
    throw new ConfigurationError(
      `${where} is "${url}": unknown scheme ${parsed.protocol}; use ${storageLocationForms()}`,
    );
  }
  const missing = () => new StoragePackageMissingError(url, scheme.packageName, where);
  return loadAdapter(scheme.packageName, options.resolveFrom, missing).storageFromUrl(parsed);
}

/** `file://<FLOWCACHE_HOME or ~/.flowcache>/storage`: where results go when nothing else is configured. */
export function fallbackStorageUrl(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const home = env.FLOWCACHE_HOME?.trim() || join(homedir(), '.flowcache');
  return pathToFileURL(join(home, 'storage')).href;
}

interface AdapterModule {
  storageFromUrl(url: URL): ResultStorage;
}

function loadAdapter(
  packageName: string,
  resolveFrom: readonly string[] | undefined,
  missing: () => Error,
): AdapterModule {
  try {
    const entry = resolveFrom === undefined ? packageName : require.resolve(packageName, { paths: [...resolveFrom] });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(entry) as AdapterModule;
  } catch (error) {
    // Only the package itself being absent: a dependency missing inside it (its message names the package in its
    // require stack) is another problem, reported as Node reports it.
    const absent = String((error as Error).message).split('\n', 1)[0] === `Cannot find module '${packageName}'`;
    if ((error as { code?: string }).code === 'MODULE_NOT_FOUND' && absent) throw missing();
    throw error;
  }
}
