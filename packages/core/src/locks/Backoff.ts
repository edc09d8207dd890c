/**
 * The pauses of a waiter that looks again and again: each between half and all of a step that doubles from
 * `firstMs` up to `maxMs`. The doubling keeps a long wait to a few looks; the jitter keeps waiters that started
 * together from looking together.
 */
export class Backoff {
  private step: number;

  constructor(
    firstMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {
    this.step = Math.min(firstMs, maxMs);
  }

  /** The next pause, in milliseconds. */
  next(): number {
    const step = this.step;
    this.step = Math.min(this.maxMs, step * 2);
    return step * (0.5 + 0.5 * this.random());
  }
}
