import { COMMIT_MARKER_PREFIX } from '../transactions/commitMarker';
import { RUN_HISTORY_PREFIX } from './RunHistory';

/**
 * Whether a storage key holds flowcache's own bookkeeping kept beside the records (the run history, the markers
 * of multi-record commits) rather than a record: inspection lists, reads and deletes only records.
 */
export function isBookkeepingKey(key: string): boolean {
  return key.startsWith(RUN_HISTORY_PREFIX) || key.startsWith(COMMIT_MARKER_PREFIX);
}
