import { CorruptRecordError } from '../errors/CorruptRecordError';
import type { RecordMetadata } from '../records/resultRecord';
import type { ResultStorage } from '../storage/ResultStorage';
import { ObjectTooLargeError } from '../errors/ObjectTooLargeError';
import { retryTransient, type RetrySettings } from '../storage/retryTransient';
import { commitMarkerKey, decodeCommitMarker, isCommitId, MAX_COMMIT_MARKER_BYTES, vouchesFor } from './commitMarker';
import type { CommittedIds } from './CommittedIds';

/** How a marker is looked for: retries of transient failures, and the keys a marker must be signed with (if any). */
export type MarkerCheck = RetrySettings & { readonly signingKeys?: readonly string[] };

const NO_RETRIES: MarkerCheck = { storageRetries: 0, storageRetryDelayMs: 0 };

/**
 * Whether a stored record may be used: it was committed alone (no commit id), or the marker of the commit that
 * wrote it is stored beside it (found once per commit and storage, then remembered in `committed`); with signing
 * keys, a marker that one of them signed and that lists the record's key. Throws
 * `CorruptRecordError` for a commit id that is not one, and what the storage throws when the marker cannot be
 * looked for (after retrying transient failures).
 */
export async function isCommitted(
  storage: ResultStorage,
  metadata: RecordMetadata,
  committed: CommittedIds,
  check: MarkerCheck = NO_RETRIES,
): Promise<boolean> {
  const { commitId } = metadata;
  if (commitId === undefined) return true;
  if (!isCommitId(commitId)) throw new CorruptRecordError(metadata.storageKey, 'its commit id is malformed');
  if (committed.has(storage.location, commitId)) return true;
  const key = commitMarkerKey(commitId);
  const signingKeys = check.signingKeys ?? [];
  if (signingKeys.length === 0) {
    // Without keys, whoever can write a marker can write records too: its presence is all that counts.
    if ((await retryTransient(() => storage.stat(key), check)) === undefined) return false;
  } else {
    const bytes = await readMarker(storage, key, check);
    const marker = bytes === undefined ? undefined : decodeCommitMarker(bytes);
    if (marker === undefined || !vouchesFor(marker, metadata.storageKey, signingKeys)) return false;
  }
  committed.add(storage.location, commitId);
  return true;
}

// A marker too large to be one is no marker.
async function readMarker(storage: ResultStorage, key: string, check: MarkerCheck): Promise<Uint8Array | undefined> {
  try {
    return await retryTransient(() => storage.get(key, { maxBytes: MAX_COMMIT_MARKER_BYTES }), check);
  } catch (error) {
    if (error instanceof ObjectTooLargeError) return undefined;
    throw error;
  }
}
