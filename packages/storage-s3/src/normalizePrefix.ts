import { checkStorageKey, ConfigurationError, StorageKeyError } from '@flowcache/core/adapters';

/**
 * Turns the `prefix` option into the string put in front of every object key: `''`, or the prefix without
 * leading or trailing slashes followed by one `/` (`'/cache/flowcache/'` → `'cache/flowcache/'`). Validated
 * like a `list` prefix, so a store can never reach outside its prefix; an invalid one throws
 * `ConfigurationError`.
 */
export function normalizePrefix(prefix: string): string {
  if (typeof prefix !== 'string') throw new ConfigurationError('S3Storage option `prefix` must be a string');
  const trimmed = prefix.replace(/^\/+/, '').replace(/\/+$/, '');
  try {
    checkStorageKey(trimmed, { allowPrefix: true });
  } catch (error) {
    if (!(error instanceof StorageKeyError)) throw error;
    throw new ConfigurationError(`S3Storage option \`prefix\` is invalid: ${error.message}`, { cause: error });
  }
  return trimmed === '' ? '' : `${trimmed}/`;
}
