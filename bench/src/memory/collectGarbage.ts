import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// The bench runs without --expose-gc; the flag can still be set at run time, and a fresh context then sees `gc`.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as (options?: { type: 'major' | 'minor' }) => void;

/** Heap used after full garbage collections, in bytes: what is still reachable. */
export function retainedHeap(): number {
  for (let round = 0; round < 3; round++) gc();
  return process.memoryUsage().heapUsed;
}

/** A full garbage collection, so that a measurement does not pay for earlier garbage. */
export function collectGarbage(): void {
  gc();
}
