import type { Logger } from '../settings/Logger';

/**
 * How many background writes an engine lets run at once: each holds its record's bytes until written, so storage
 * slower than the traffic would otherwise grow the heap without bound. Past it, a call waits before starting its
 * own write (backpressure), as if its persistence were `sync`.
 */
export const MAX_PENDING_WRITES = 1000;

const withPendingWrites = new Set<PendingWrites>();
let listening = false;

/**
 * An engine's background writes not finished yet. If the process exits before they finish (a `process.exit()`
 * that skipped `engine.flush()`), the loss is reported instead of silent: one `exit` listener serves every engine.
 */
export class PendingWrites {
  private readonly writes = new Set<Promise<void>>();

  constructor(private readonly logger: Logger) {}

  get size(): number {
    return this.writes.size;
  }

  track(write: Promise<void>): void {
    this.writes.add(write);
    withPendingWrites.add(this);
    void write.finally(() => {
      this.writes.delete(write);
      if (this.writes.size === 0) withPendingWrites.delete(this);
    });
    if (!listening) {
      listening = true;
      process.on('exit', reportUnfinishedWrites);
    }
  }

  /**
   * Resolves once fewer than `MAX_PENDING_WRITES` writes are pending, so the caller may start one; the caller must
   * track it before it awaits anything else, or another call could take the room first. A write always settles (a
   * failure is retried a bounded number of times, then reported), so the wait ends. `undefined`: room now.
   */
  room(): Promise<void> | undefined {
    return this.writes.size < MAX_PENDING_WRITES ? undefined : this.waitForRoom();
  }

  /** Waits until every write tracked so far has finished (or failed and been reported). */
  async flush(): Promise<void> {
    while (this.writes.size > 0) await Promise.all([...this.writes]);
  }

  private async waitForRoom(): Promise<void> {
    while (this.writes.size >= MAX_PENDING_WRITES) await Promise.race(this.writes);
  }

  reportUnfinished(): void {
    this.logger.warn(
      `${this.writes.size} background write(s) did not finish before the process exited; those results ` +
        'were not persisted. Call `await engine.flush()` before exiting.',
    );
  }
}

function reportUnfinishedWrites(): void {
  for (const pending of withPendingWrites) pending.reportUnfinished();
}
