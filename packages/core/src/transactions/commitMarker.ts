import { matchesAnyKey, signRecord } from '../records/recordSignature';

/**
 * Where the commit markers of multi-record commits live in a result storage, beside the run history: one small
 * object per commit and storage, written after all of the commit's records there. A record carrying a commit id
 * is visible only once its marker is stored, so a process killed mid-commit leaves nothing a reader would use.
 */
export const COMMIT_MARKER_PREFIX = '_flowcache/commits/';
/** The version of the marker document; a reader of markers skips versions it does not know. */
export const COMMIT_MARKER_FORMAT_VERSION = 1;
/**
 * The largest marker read back (by `prune`, which needs its record keys): a marker lists keys of at most 1024
 * bytes, so this holds the keys of thousands of records; a larger object under the prefix is not a marker.
 */
export const MAX_COMMIT_MARKER_BYTES = 16 * 1024 * 1024;
/**
 * How old a record of an uncommitted commit, or a marker whose records are gone, must be before `prune` removes
 * it, and before a reader meeting such a record warns: no commit in progress takes that long between its first
 * record and its marker.
 */
export const ORPHAN_AGE_MS = 60 * 60_000;

// Commit ids are run ids (UUIDs); any other text in a record's metadata is refused before it names a key.
const COMMIT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What a commit marker says: which commit, when, and the keys of the records it wrote to this storage. */
export interface CommitMarker {
  readonly commitId: string;
  /** ISO-8601. */
  readonly createdAt: string;
  readonly keys: readonly string[];
  /**
   * HMAC-SHA256 (hex) of the fields above with the writer's first signing key, in markers written with signing
   * keys: a reader with keys uses only a marker one of them signed, so someone who can write to the store cannot
   * make the records of a commit that stopped halfway visible by planting its marker.
   */
  readonly signature?: string;
}

/** Whether the text can be a commit id (a record's `commitId`, or the id in a marker's key). */
export function isCommitId(text: unknown): text is string {
  return typeof text === 'string' && COMMIT_ID.test(text);
}

/** The storage key of a commit's marker. */
export function commitMarkerKey(commitId: string): string {
  return `${COMMIT_MARKER_PREFIX}${commitId}.json`;
}

/** The commit id in a marker's key, or `undefined` when the key is not one. */
export function commitIdOfMarkerKey(key: string): string | undefined {
  if (!key.startsWith(COMMIT_MARKER_PREFIX) || !key.endsWith('.json')) return undefined;
  const commitId = key.slice(COMMIT_MARKER_PREFIX.length, -'.json'.length);
  return isCommitId(commitId) ? commitId : undefined;
}

/** A marker's bytes, signed with the first of `signingKeys` when there are any. */
export function encodeCommitMarker(marker: CommitMarker, signingKeys: readonly string[] = []): Uint8Array {
  const signed =
    signingKeys.length === 0
      ? marker
      : { ...marker, signature: signRecord(signedFields(marker), NOTHING, signingKeys[0]) };
  return new Uint8Array(
    Buffer.from(JSON.stringify({ formatVersion: COMMIT_MARKER_FORMAT_VERSION, ...signed }), 'utf8'),
  );
}

/** Whether one of the keys signed the marker and it lists the key of the record that names its commit. */
export function vouchesFor(marker: CommitMarker, storageKey: string, signingKeys: readonly string[]): boolean {
  const { signature } = marker;
  return (
    typeof signature === 'string' &&
    marker.keys.includes(storageKey) &&
    matchesAnyKey(signature, signedFields(marker), NOTHING, signingKeys)
  );
}

const NOTHING = new Uint8Array(0);

function signedFields({ commitId, createdAt, keys }: CommitMarker): object {
  return { commitId, createdAt, keys };
}

/** The marker in a document, or `undefined` when it is not one this version can read. */
export function decodeCommitMarker(bytes: Uint8Array): CommitMarker | undefined {
  try {
    const document = JSON.parse(Buffer.from(bytes).toString('utf8')) as Partial<CommitMarker> & {
      formatVersion?: unknown;
    };
    if (document.formatVersion !== COMMIT_MARKER_FORMAT_VERSION || !isCommitId(document.commitId)) return undefined;
    if (!Array.isArray(document.keys) || !document.keys.every((key) => typeof key === 'string')) return undefined;
    const { signature } = document;
    return {
      commitId: document.commitId,
      createdAt: String(document.createdAt),
      keys: document.keys,
      ...(typeof signature === 'string' ? { signature } : {}),
    };
  } catch {
    return undefined;
  }
}
