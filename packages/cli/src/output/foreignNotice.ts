import type { ForeignObjects } from '@flowcache/core/records';
import { terminalSafeCell } from './terminalSafe';

// Enough to recognise a folder marker or another program's files, few enough to keep the remark on one line.
const NAMES_SHOWN = 5;

/**
 * `skipped 1 object that is not a flowcache record: team/archive/`, naming the first few and counting the rest;
 * `undefined` when the walk met none.
 */
export function foreignNotice(foreign: ForeignObjects): string | undefined {
  if (foreign.count === 0) return undefined;
  // Planted names: a newline in one must not start a line of its own that passes for the CLI's.
  const names = foreign.names.slice(0, NAMES_SHOWN).map(terminalSafeCell);
  const more = foreign.count - names.length;
  const what = foreign.count === 1 ? 'object that is not a flowcache record' : 'objects that are not flowcache records';
  const listed = names.length === 0 ? '' : `: ${names.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
  return `skipped ${foreign.count} ${what}${listed}`;
}

/** The `foreign` field of the commands' JSON documents: how many, and the first names. */
export function foreignJson(foreign: ForeignObjects): { count: number; names: string[] } {
  return { count: foreign.count, names: [...foreign.names] };
}
