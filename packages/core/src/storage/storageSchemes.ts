import { isPlainPath } from './plainPathUrl';

/** A storage URL scheme served by an adapter package. */
export interface StorageScheme {
  /** The package that makes the storage: it exports `storageFromUrl(url: URL): ResultStorage`. */
  readonly packageName: string;
  /** A URL of this scheme as messages show it. */
  readonly example: string;
}

/**
 * The adapter package of each storage URL scheme (`memory:` is built in). This table is the one place that knows
 * them: engines, settings and the `flowcache` command all read it, so a new adapter is one line here.
 */
export const STORAGE_SCHEMES: Readonly<Record<string, StorageScheme>> = {
  'file:': { packageName: '@flowcache/storage-fs', example: 'file:///abs/path' },
  's3:': { packageName: '@flowcache/storage-s3', example: 's3://bucket/prefix' },
};

/** What a storage location may be, for messages: `file:///abs/path, s3://bucket/prefix, memory://name or …`. */
export function storageLocationForms(): string {
  const urls = [...Object.values(STORAGE_SCHEMES).map((scheme) => scheme.example), 'memory://name'];
  return `${urls.join(', ')} or a directory path (./dir, /abs/dir, ~/dir)`;
}

/**
 * Whether `text` can name a storage: a URL of a scheme above or `memory:`, or a directory path. Settings check it
 * when they are read, so a mistyped location fails at startup rather than at the first write.
 */
export function isStorageLocation(text: string): boolean {
  if (isPlainPath(text)) return true;
  const scheme = /^[a-z][a-z0-9+.-]*:/i.exec(text)?.[0].toLowerCase();
  return scheme === 'memory:' || (scheme !== undefined && Object.hasOwn(STORAGE_SCHEMES, scheme));
}
