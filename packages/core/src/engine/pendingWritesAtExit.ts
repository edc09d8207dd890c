import type { Engine } from './Engine';

const enginesWithPendingWrites = new Set<Engine>();
let listening = false;

/**
 * Tracks a background write so that, if the process exits before it finishes (a `process.exit()` that skipped
 * `engine.flush()`), the loss is reported instead of silent. One `exit` listener serves every engine.
 */
export function trackUntilExit(engine: Engine, write: Promise<void>): void {
  engine.pendingWrites.add(write);
  enginesWithPendingWrites.add(engine);
  void write.finally(() => {
    engine.pendingWrites.delete(write);
    if (engine.pendingWrites.size === 0) enginesWithPendingWrites.delete(engine);
  });
  if (!listening) {
    listening = true;
    process.on('exit', reportUnfinishedWrites);
  }
}

function reportUnfinishedWrites(): void {
  for (const engine of enginesWithPendingWrites) {
    engine.logger.warn(
      `${engine.pendingWrites.size} background write(s) did not finish before the process exited; those results ` +
        'were not persisted. Call `await engine.flush()` before exiting.',
    );
  }
}
