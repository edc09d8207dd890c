import { HashWriter } from './HashWriter';
import { UnorderedEntries } from './UnorderedEntries';

// Hashing is synchronous, so a handful of writers serve the whole process; a nested hash (a key inside a key
// function) or collection (a Set inside a Map) takes one more from the pool while the outer one is in use.
const MAX_IDLE = 8;
const idle: HashWriter[] = [];

/** Takes a clean writer from the pool; hand it back with `releaseWriter`, also when hashing throws. */
export function acquireWriter(): HashWriter {
  return idle.pop() ?? new HashWriter();
}

export function releaseWriter(writer: HashWriter): void {
  writer.reset();
  if (idle.length < MAX_IDLE) idle.push(writer);
}

const idleEntries: UnorderedEntries[] = [];

/** Takes an empty entry list for one Map or Set; hand it back with `releaseEntries`, also when encoding throws. */
export function acquireEntries(): UnorderedEntries {
  return idleEntries.pop() ?? new UnorderedEntries();
}

export function releaseEntries(entries: UnorderedEntries): void {
  entries.clear();
  if (idleEntries.length < MAX_IDLE) idleEntries.push(entries);
}
