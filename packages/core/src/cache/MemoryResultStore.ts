import { ConfigurationError } from '../errors/ConfigurationError';

/** One cached result in memory. */
export interface MemoryEntry {
  readonly value: unknown;
  readonly taskName: string;
  readonly createdAt: Date;
  /** When the result stops being valid; `undefined` for never. Set by the writer from `cacheExpiration`. */
  readonly expiresAt: Date | undefined;
}

interface Slot {
  readonly entry: MemoryEntry;
  used: boolean;
}

/**
 * The in-memory tier: results by cache key, bounded by `maxEntries`. Eviction follows the CLOCK approximation of
 * least-recently-used: a hit only sets a flag (cheap on the hot path), and eviction gives flagged entries a
 * second chance. A hit returns the very object the body returned, not a copy, so callers must treat cached
 * values as read-only.
 */
export class MemoryResultStore {
  private readonly slots = new Map<string, Slot>();

  constructor(readonly maxEntries = 1000) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) {
      throw new ConfigurationError(`MemoryResultStore needs a positive whole number of entries, got ${String(maxEntries)}`);
    }
  }

  get size(): number {
    return this.slots.size;
  }

  get(key: string): MemoryEntry | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    slot.used = true;
    return slot.entry;
  }

  set(key: string, entry: MemoryEntry): void {
    this.slots.delete(key);
    // Evict before inserting: used slots move to the back, and the new entry must not be the one they pass.
    while (this.slots.size >= this.maxEntries) this.evictOne();
    this.slots.set(key, { entry, used: false });
  }

  has(key: string): boolean {
    return this.slots.has(key);
  }

  delete(key: string): boolean {
    return this.slots.delete(key);
  }

  clear(): void {
    this.slots.clear();
  }

  keys(): IterableIterator<string> {
    return this.slots.keys();
  }

  // Map iteration order is insertion order: the oldest slot comes first. A used slot moves to the back.
  private evictOne(): void {
    for (const [key, slot] of this.slots) {
      this.slots.delete(key);
      if (!slot.used) return;
      slot.used = false;
      this.slots.set(key, slot);
    }
  }
}
