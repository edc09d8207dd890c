/**
 * What deleting records does to engines already running on the storage, said wherever records are deleted
 * (`rm`, the UI's Invalidate): their memory tier may still hold a copy, which each drops at its next hit once
 * `memoryRevalidateMs` has passed since it last checked the record.
 */
export const RUNNING_ENGINES_AFTER_DELETE =
  'running engines drop their in-memory copies within ' +
  'memoryRevalidateMs (default 5 s) and recompute on the next call; ' +
  "one with memoryRevalidateMs 'off' keeps serving them until it restarts or calls engine.invalidate";

/** What `prune` does to running engines: nothing they could use is deleted. */
export const RUNNING_ENGINES_AFTER_PRUNE =
  'running engines are not affected: none of these records could ' +
  'be a hit, and no engine serves an expired result from memory';
