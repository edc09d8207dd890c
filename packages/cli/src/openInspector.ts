import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CacheInspector, ConfigurationError, storageFromUrl, type CacheInspectorOptions, type ResultStorage } from '@flowcache/core';
import { checkFileUrl } from './checkFileUrl';
import { CliError, EXIT_FAILED, usageError } from './CliError';
import { storageHint } from './storageLocation';

/**
 * A `CacheInspector` on the storage the URL names. Fails with exit code 2 for a URL that names no storage (or, as
 * `file://relative/x`, a host where a path was meant), and 1 for a `file:` path that is not a directory: the file
 * adapter reads such a path as "nothing stored", which would make a typo look like an empty cache. `note`
 * receives remarks for stderr (an absent directory, `memory:`); `options` bound and widen what it reads.
 */
export async function openInspector(
  url: string,
  source: string,
  note: (text: string) => void,
  options: CacheInspectorOptions = {},
): Promise<CacheInspector> {
  checkFileUrl(url, source);
  let storage: ResultStorage;
  try {
    storage = storageFromUrl(url, source);
  } catch (error) {
    if (error instanceof ConfigurationError) throw usageError(error.message);
    throw error;
  }
  if (storage.location.startsWith('memory:')) {
    note(`${storage.location} lives inside one process: this command cannot see another process's results`);
  }
  if (storage.location.startsWith('file:')) await checkDirectory(storage.location, note);
  return new CacheInspector(storage, Date.now, options);
}

async function checkDirectory(location: string, note: (text: string) => void): Promise<void> {
  try {
    if (!(await stat(fileURLToPath(location))).isDirectory()) {
      throw new CliError(`${location} is not a directory; ${storageHint(location)}`, EXIT_FAILED);
    }
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') {
      note(`nothing was ever stored in ${location}: the directory does not exist`);
      return;
    }
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot use ${location}: ${(error as Error).message}; ${storageHint(location)}`, EXIT_FAILED, {
      cause: error,
    });
  }
}
