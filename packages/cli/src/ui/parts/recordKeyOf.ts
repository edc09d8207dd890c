import type { TaskRunSummary } from '@flowcache/core/records';

// Only these runs can have left a record under their key: a failed run stores nothing, a rolled-back one's
// result was discarded. A link from the others would lead to "no record", or to a record another run wrote.
const STATES_WITH_RESULT: ReadonlySet<string> = new Set(['Completed', 'Cached']);

/** The key of the record a task run left or was served from, or `undefined` when it can have none to link to. */
export function recordKeyOf({ cacheKey, state }: TaskRunSummary): string | undefined {
  return cacheKey !== null && STATES_WITH_RESULT.has(state) ? cacheKey : undefined;
}
