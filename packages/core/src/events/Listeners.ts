import type { Logger } from '../settings/Logger';

/** A set of subscribers. A listener that throws is reported and never breaks the call that emitted. */
export class Listeners<T> {
  private readonly listeners = new Set<(event: T) => void>();

  constructor(
    private readonly kind: string,
    private readonly logger: Logger,
  ) {}

  get isEmpty(): boolean {
    return this.listeners.size === 0;
  }

  /** Adds a listener; returns the function that removes it. */
  add(listener: (event: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(event: T): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        this.logger.warn(`a ${this.kind} listener threw and was skipped: ${String(error)}`);
      }
    }
  }
}
