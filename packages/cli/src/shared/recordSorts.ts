import type { RecordSort } from '@flowcache/core/records';

/**
 * The orders `flowcache ls --sort` and the UI's records list offer, by the name they show, with the inspector's
 * name of each: `size` (largest first), `age` (oldest first), `last-used` (latest use by a run first).
 */
export const RECORD_SORT_NAMES: Readonly<Record<string, RecordSort>> = {
  size: 'size',
  age: 'age',
  'last-used': 'lastUsed',
};
