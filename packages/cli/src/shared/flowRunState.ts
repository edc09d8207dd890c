import type { FlowRunState } from '@flowcache/core';

const STATES: ReadonlyMap<string, FlowRunState> = new Map([
  ['completed', 'Completed'],
  ['failed', 'Failed'],
]);

/**
 * The flow run state a filter names (`completed`, `Failed`, in any case), or `undefined` for any other text. A map,
 * not an object: `constructor` or `__proto__` are no states, never an object's property.
 */
export function flowRunStateNamed(text: string): FlowRunState | undefined {
  return STATES.get(text.trim().toLowerCase());
}
