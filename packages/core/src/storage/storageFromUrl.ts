import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ConfigurationError } from '../errors/ConfigurationError';
import { MemoryStorage } from './MemoryStorage';
import type { ResultStorage } from './ResultStorage';

/** The package that turns each URL scheme into a storage; it exports `storageFromUrl(url: URL)`. */
const ADAPTER_PACKAGES: Readonly<Record<string, string>> = {
  'file:': '@flowcache/storage-fs',
  's3:': '@flowcache/storage-s3',
};

/**
 * A storage from a URL: `memory://name`, `file:///abs/path` (needs `@flowcache/storage-fs`) or
 * `s3://bucket/prefix` (needs `@flowcache/storage-s3`; the S3 client is configured from the standard AWS
 * environment). `where` names the setting the URL came from, for error messages.
 */
export function storageFromUrl(url: string, where: string): ResultStorage {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigurationError(`${where} is "${url}", which is not a URL; use file:///abs/path, s3://bucket/prefix or memory://name`);
  }
  if (parsed.protocol === 'memory:') return new MemoryStorage({ name: parsed.host || 'default' });
  const packageName = ADAPTER_PACKAGES[parsed.protocol];
  if (packageName === undefined) {
    throw new ConfigurationError(`${where} is "${url}": unknown scheme ${parsed.protocol}; use file:, s3: or memory:`);
  }
  return loadAdapter(packageName, where, url).storageFromUrl(parsed);
}

/** `file://<FLOWCACHE_HOME or ~/.flowcache>/storage`: where results go when nothing else is configured. */
export function fallbackStorageUrl(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const home = env.FLOWCACHE_HOME?.trim() || join(homedir(), '.flowcache');
  return pathToFileURL(join(home, 'storage')).href;
}

function loadAdapter(packageName: string, where: string, url: string): { storageFromUrl(url: URL): ResultStorage } {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(packageName) as { storageFromUrl(url: URL): ResultStorage };
  } catch (error) {
    const missing = (error as { code?: string }).code === 'MODULE_NOT_FOUND' && String(error).includes(packageName);
    if (!missing) throw error;
    throw new ConfigurationError(`${where} is "${url}", which needs ${packageName}: npm install ${packageName}`);
  }
}
