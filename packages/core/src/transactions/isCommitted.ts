import { CorruptRecordError } from '../errors/CorruptRecordError';
import type { RecordMetadata } from '../records/resultRecord';
import type { ResultStorage } from '../storage/ResultStorage';
import { retryTransient, type RetrySettings } from '../storage/retryTransient';
import { commitMarkerKey, isCommitId } from './commitMarker';
import type { CommittedIds } from './CommittedIds';

const NO_RETRIES: RetrySettings = { storageRetries: 0, storageRetryDelayMs: 0 };

/**
 * Whether a stored record may be used: it was committed alone (no commit id), or the marker of the commit that
 * wrote it is stored beside it (found once per commit and storage, then remembered in `committed`). Throws
 * `CorruptRecordError` for a commit id that is not one, and what the storage throws when the marker cannot be
 * looked for (after retrying transient failures).
 */
export async function isCommitted(
  storage: ResultStorage,
  metadata: RecordMetadata,
  committed: CommittedIds,
  retry: RetrySettings = NO_RETRIES,
): Promise<boolean> {
  const { commitId } = metadata;
  if (commitId === undefined) return true;
  if (!isCommitId(commitId)) throw new CorruptRecordError(metadata.storageKey, 'its commit id is malformed');
  if (committed.has(storage.location, commitId)) return true;
  const marker = await retryTransient(() => storage.stat(commitMarkerKey(commitId)), retry);
  if (marker === undefined) return false;
  committed.add(storage.location, commitId);
  return true;
}
