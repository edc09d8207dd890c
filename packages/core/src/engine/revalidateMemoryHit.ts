import type { StoredRecordRef } from '../cache/StoredRecordRef';
import { CorruptRecordError } from '../errors/CorruptRecordError';
import { readStoredMetadata } from '../records/readStoredMetadata';
import { measureStorage } from '../telemetry/measureStorage';
import type { Engine } from './Engine';
import { errorMessage } from '../errors/errorMessage';

/**
 * Whether a memory hit must check its stored record before being served: the entry was last confirmed at least
 * `memoryRevalidateMs` ago. One clock read on the hot path.
 */
export function isDueForRevalidation(engine: Engine, stored: StoredRecordRef): boolean {
  const after = engine.settings.memoryRevalidateMs;
  return after !== 'off' && engine.clock() - stored.validatedAt >= after;
}

/**
 * Whether the record a memory entry came from is still stored, and is the same one (same digest): one ranged read
 * of its header, shared by the hits that ask meanwhile. `false` when it is gone or another record (or something
 * that is not a record) is there now: the caller drops the memory copy and takes the storage path. A storage that
 * cannot be read does not fail the call: the memory copy is served, with one warning per outage, and checked
 * again a period later. A record whose (background) write failed was never stored: its memory copy is all there
 * is, and is never checked again.
 */
export function isStillStored(
  engine: Engine,
  taskName: string,
  key: string,
  stored: StoredRecordRef,
): Promise<boolean> {
  if (stored.checking === undefined) {
    stored.checking = check(engine, taskName, key, stored).finally(() => {
      stored.checking = undefined;
    });
  }
  return stored.checking;
}

async function check(engine: Engine, taskName: string, key: string, stored: StoredRecordRef): Promise<boolean> {
  if (stored.written !== undefined && !(await stored.written)) {
    stored.validatedAt = Number.POSITIVE_INFINITY;
    return true;
  }
  const outage = `revalidate:${stored.storage.location}`;
  try {
    const metadata = await measureStorage(engine.telemetry, 'read_header', stored.storage, () =>
      readStoredMetadata(stored.storage, key),
    );
    engine.forgetWarning(outage);
    stored.validatedAt = engine.clock();
    return metadata !== undefined && metadata.digest === stored.digest;
  } catch (error) {
    // Not a record any more: the storage path reads it and says what is wrong with it.
    if (error instanceof CorruptRecordError) return false;
    stored.validatedAt = engine.clock();
    engine.warnOnce(
      outage,
      `${taskName} serves its result from memory without checking that its record in ${stored.storage.location} ` +
        `is still stored (further failures there are not reported until a check works again): ` +
        errorMessage(error),
    );
    return true;
  }
}
