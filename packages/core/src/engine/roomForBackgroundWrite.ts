import type { Engine } from './Engine';

/**
 * How many background writes an engine lets run at once: each holds its record's bytes until written, so storage
 * slower than the traffic would otherwise grow the heap without bound. Past it, a call waits before starting its
 * own write (backpressure), as if its persistence were `sync`.
 */
export const MAX_PENDING_WRITES = 1000;

/**
 * Resolves once the engine has fewer than `MAX_PENDING_WRITES` background writes pending, so the caller may start
 * one; the caller must track it before it awaits anything else, or another call could take the room first. A
 * write always settles (a failure is retried a bounded number of times, then reported), so the wait ends.
 */
export function roomForBackgroundWrite(engine: Engine): Promise<void> | undefined {
  return engine.pendingWrites.size < MAX_PENDING_WRITES ? undefined : waitForRoom(engine);
}

async function waitForRoom(engine: Engine): Promise<void> {
  while (engine.pendingWrites.size >= MAX_PENDING_WRITES) await Promise.race(engine.pendingWrites);
}
