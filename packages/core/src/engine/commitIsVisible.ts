import type { MethodDefinition } from '../definitions/MethodDefinition';
import type { RecordMetadata } from '../records/resultRecord';
import type { ResultStorage } from '../storage/ResultStorage';
import { ORPHAN_AGE_MS } from '../transactions/commitMarker';
import { isCommitted } from '../transactions/isCommitted';
import type { Engine } from './Engine';

/**
 * Whether a record read for a task may be used: committed alone, or its commit's marker is stored (see
 * `isCommitted`). A record of a commit still in progress is a quiet miss; one whose marker is still missing long
 * after it was written (its writer stopped mid-commit) warns once per commit. Throws what `isCommitted` throws.
 */
export async function commitIsVisible(
  engine: Engine,
  task: MethodDefinition,
  storage: ResultStorage,
  metadata: RecordMetadata,
): Promise<boolean> {
  if (metadata.commitId === undefined) return true;
  if (await isCommitted(storage, metadata, engine.committedIds, engine.settings)) return true;
  if (Date.parse(metadata.createdAt) + ORPHAN_AGE_MS <= engine.clock()) {
    engine.warnOnce(
      `uncommitted:${storage.location}:${metadata.commitId}`,
      `${task.name} recomputes the result stored under ${JSON.stringify(metadata.storageKey)} ` +
        `in ${storage.location}: the transaction that wrote it at ${JSON.stringify(metadata.createdAt)} ` +
        'never finished its commit (its process stopped mid-commit), so none of its records are used; ' +
        '`flowcache prune --expired` removes them',
    );
  }
  return false;
}
