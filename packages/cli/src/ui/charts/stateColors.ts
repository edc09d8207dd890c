import type { TaskRunState } from '@flowcache/core';

/**
 * The fill of each run state in every chart, matching the state badges of the tables: a bar and the row it links
 * to read as the same thing.
 */
export const STATE_COLORS: Readonly<Record<TaskRunState, string>> = {
  Completed: '#3f9c5a',
  Cached: '#3b78d8',
  Failed: '#d04545',
  RolledBack: '#d9a21b',
};

/** The states in the order charts stack and list them: work done, work spared, then the failures. */
export const STATE_ORDER: readonly TaskRunState[] = ['Completed', 'Cached', 'Failed', 'RolledBack'];

/** A state read from the run history may be anything: an unknown one is drawn grey, never with a planted colour. */
export function stateColor(state: string): string {
  return (STATE_COLORS as Readonly<Record<string, string>>)[state] ?? '#8a939d';
}
