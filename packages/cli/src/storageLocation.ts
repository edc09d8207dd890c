import { fallbackStorageUrl } from '@flowcache/core';

/**
 * The storage URL the CLI inspects: `--storage`, else `FLOWCACHE_RESULTS_DEFAULT_STORAGE`, else the engine's
 * fallback (`file://<FLOWCACHE_HOME or ~/.flowcache>/storage`), so that with no option the CLI sees what an
 * engine in the same environment writes.
 */
export function resolveStorageUrl(
  option: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): { url: string; source: string } {
  if (option !== undefined) return { url: option.trim(), source: '--storage' };
  const fromEnv = env.FLOWCACHE_RESULTS_DEFAULT_STORAGE?.trim();
  if (fromEnv) return { url: fromEnv, source: 'FLOWCACHE_RESULTS_DEFAULT_STORAGE' };
  return { url: fallbackStorageUrl(env), source: 'the default storage' };
}

/** What to check when the storage at `location` cannot be reached, by kind of storage. */
export function storageHint(location: string): string {
  if (location.startsWith('s3:')) {
    return (
      'check the bucket and prefix, the AWS credentials and region (AWS_PROFILE, AWS_ACCESS_KEY_ID, AWS_REGION) ' +
      'and, for MinIO or another S3-compatible server, AWS_ENDPOINT_URL_S3 and ?forcePathStyle=true'
    );
  }
  if (location.startsWith('file:'))
    return 'check that the path is a directory this user can read (and write, to delete)';
  return 'check the --storage URL';
}
