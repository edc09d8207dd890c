import { FlowcacheError } from './FlowcacheError';

/** A stored record that cannot be used: truncated, altered, from an unknown format version. Read as a miss. */
export class CorruptRecordError extends FlowcacheError {
  constructor(
    readonly storageKey: string,
    readonly reason: string,
  ) {
    super(`record ${JSON.stringify(storageKey)} cannot be used: ${reason}`);
  }
}
