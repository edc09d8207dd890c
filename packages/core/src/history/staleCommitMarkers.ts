import { CorruptRecordError } from '../errors/CorruptRecordError';
import { StorageKeyError } from '../errors/StorageKeyError';
import { readStoredMetadata } from '../records/readStoredMetadata';
import { checkStorageKey } from '../storage/checkStorageKey';
import type { ResultStorage, StoredObject } from '../storage/ResultStorage';
import {
  commitIdOfMarkerKey,
  COMMIT_MARKER_PREFIX,
  decodeCommitMarker,
  MAX_COMMIT_MARKER_BYTES,
} from '../transactions/commitMarker';

/**
 * The commit markers, last written before `olderThan` (epoch ms), none of whose records still carries their
 * commit id (each was overwritten, or deleted): they make nothing visible any more. Read one at a time, a page of
 * the listing at a time, so memory stays bounded. An object under the prefix that is not a marker this version can
 * read is left alone (a newer version's marker, or someone else's object).
 */
export async function* staleCommitMarkers(storage: ResultStorage, olderThan: number): AsyncGenerator<StoredObject> {
  let cursor: string | undefined;
  do {
    const page = await storage.list(COMMIT_MARKER_PREFIX, { cursor, limit: 1000 });
    for (const object of page.objects) {
      const commitId = commitIdOfMarkerKey(object.key);
      if (commitId === undefined || object.modifiedAt.getTime() > olderThan) continue;
      if (object.size > MAX_COMMIT_MARKER_BYTES) continue;
      const bytes = await storage.get(object.key, { maxBytes: MAX_COMMIT_MARKER_BYTES });
      const marker = bytes === undefined ? undefined : decodeCommitMarker(bytes);
      if (marker?.commitId !== commitId) continue;
      if (!(await carriesCommit(storage, marker.keys, commitId))) yield object;
    }
    cursor = page.cursor;
  } while (cursor !== undefined);
}

// Whether one of the keys still holds a record of the commit.
async function carriesCommit(storage: ResultStorage, keys: readonly string[], commitId: string): Promise<boolean> {
  for (const key of keys) {
    try {
      checkStorageKey(key);
      if ((await readStoredMetadata(storage, key))?.commitId === commitId) return true;
    } catch (error) {
      if (!(error instanceof CorruptRecordError) && !(error instanceof StorageKeyError)) throw error;
    }
  }
  return false;
}
