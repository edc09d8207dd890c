import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { ConfigurationError, StoragePackageMissingError, storageFromUrl, type ResultStorage } from '@flowcache/core';
import { CacheInspector, type CacheInspectorOptions } from '@flowcache/core/records';
import { checkFileUrl } from './checkFileUrl';
import { CliError, EXIT_FAILED, usageError } from './CliError';
import { storageHint } from './storageLocation';

/**
 * Where storage packages are looked for: from the CLI's own directory up (a global install's siblings, or the
 * project the CLI is a dependency of), then from the working directory up (the project a global CLI is run in).
 * `@flowcache/core` alone looks only above its own copy, which for a global CLI never reaches the project it is
 * run in.
 */
const ADAPTER_SEARCH = [__dirname, process.cwd()];

/**
 * A `CacheInspector` on the storage the URL names. Fails with exit code 2 for a URL that names no storage (or, as
 * `file://relative/x`, a host where a path was meant), and 1 for a `file:` path that is not a directory: the file
 * adapter reads such a path as "nothing stored", which would make a typo look like an empty cache. `note`
 * receives remarks for stderr (an absent directory, `memory:`); `options` bound and widen what it reads. A
 * storage package (`@flowcache/storage-s3` for `s3://`) is loaded only for its scheme, found beside the CLI or in
 * the current project.
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
    storage = storageFromUrl(url, source, { resolveFrom: ADAPTER_SEARCH });
  } catch (error) {
    if (error instanceof StoragePackageMissingError) throw usageError(missingPackageMessage(error, source));
    if (error instanceof ConfigurationError) throw usageError(error.message);
    throw error;
  }
  if (storage.location.startsWith('memory:')) {
    note(`${storage.location} lives inside one process: this command cannot see another process's results`);
  }
  if (storage.location.startsWith('file:')) await checkDirectory(storage.location, note);
  return new CacheInspector(storage, Date.now, options);
}

function missingPackageMessage(error: StoragePackageMissingError, source: string): string {
  const name = error.packageName;
  return (
    `${source} is "${error.url}", which needs ${name}, installed neither beside this flowcache command nor in ` +
    `${process.cwd()}\nflowcache: install it next to a global ` +
    `flowcache with npm install -g ${name}, or in the project ` +
    `with npm install -D ${name}`
  );
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
