/**
 * Runs at most `limit` operations at once and queues the rest, first come first served. Each file operation of a
 * storage holds at most one descriptor at a time, so this bounds the descriptors a storage holds: without it, a
 * burst of concurrent writes opens a file each and, past the process's limit (`ulimit -n`, 256 by default on
 * macOS), fails with EMFILE.
 */
export class OperationLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly limit: number) {}

  async run<T>(operation: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await operation();
    } finally {
      // Hand the slot straight to the next in line, so that a newcomer cannot overtake it.
      const next = this.waiting.shift();
      if (next === undefined) this.running--;
      else next();
    }
  }
}
