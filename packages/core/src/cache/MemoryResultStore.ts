/** One cached result in memory. */
export interface MemoryEntry {
  readonly value: unknown;
  readonly taskName: string;
  readonly createdAt: Date;
}

/**
 * The in-memory tier: results by cache key, least recently used evicted first. A hit returns the very object
 * the body returned, not a copy, so callers must treat cached values as read-only.
 */
export class MemoryResultStore {
  private readonly entries = new Map<string, MemoryEntry>();

  constructor(readonly maxEntries = 1000) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: string): MemoryEntry | undefined {
    const entry = this.entries.get(key);
    if (entry !== undefined) {
      // Re-inserting moves the key to the end of the Map's order, which is what eviction reads as "recent".
      this.entries.delete(key);
      this.entries.set(key, entry);
    }
    return entry;
  }

  set(key: string, entry: MemoryEntry): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    if (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }

  has(key: string): boolean {
    return this.entries.has(key);
  }

  delete(key: string): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  keys(): IterableIterator<string> {
    return this.entries.keys();
  }
}
