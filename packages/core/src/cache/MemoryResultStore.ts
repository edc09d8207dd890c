import { ConfigurationError } from '../errors/ConfigurationError';
import { estimateSize } from './estimateSize';
import type { StoredRecordRef } from './StoredRecordRef';

/** One cached result in memory. */
export interface MemoryEntry {
  readonly value: unknown;
  readonly taskName: string;
  readonly createdAt: Date;
  /** When the result stops being valid; `undefined` for never. Set by the writer from `cacheExpiration`. */
  readonly expiresAt: Date | undefined;
  /**
   * The stored record the value came from or was written to, for a persisted result; `undefined` for a memory-only
   * one (never checked against storage).
   */
  readonly stored?: StoredRecordRef;
}


interface Slot {
  readonly entry: MemoryEntry;
  /** Estimated bytes (see `estimateSize`). */
  readonly size: number;
  used: boolean;
}

/**
 * The in-memory tier: results by cache key, bounded by `maxEntries` and by `maxBytes` (estimated with
 * `estimateSize`; a value larger than `maxBytes` is not kept). Eviction follows the CLOCK approximation of
 * least-recently-used: a hit only sets a flag (cheap on the hot path), and eviction gives flagged entries a
 * second chance. A hit returns the very object the body returned, not a copy, so callers must treat cached
 * values as read-only.
 */
export class MemoryResultStore {
  private readonly slots = new Map<string, Slot>();
  private heldBytes = 0;

  constructor(
    readonly maxEntries = 1000,
    readonly maxBytes = 256 * 1024 * 1024,
  ) {
    for (const [name, limit] of [
      ['entries', maxEntries],
      ['bytes', maxBytes],
    ] as const) {
      if (!Number.isInteger(limit) || limit < 1) {
        throw new ConfigurationError(`MemoryResultStore needs a positive whole number of ${name}, got ${String(limit)}`);
      }
    }
  }

  get size(): number {
    return this.slots.size;
  }

  /** Estimated bytes held by the kept results. */
  get bytes(): number {
    return this.heldBytes;
  }

  get(key: string): MemoryEntry | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    slot.used = true;
    return slot.entry;
  }

  /** Keeps a result; returns `false` when it is larger than the whole tier and was not kept. */
  set(key: string, entry: MemoryEntry, size = estimateSize(entry.value)): boolean {
    this.delete(key);
    if (size > this.maxBytes) return false;
    // Evict before inserting: used slots move to the back, and the new entry must not be the one they pass.
    while (this.slots.size >= this.maxEntries || this.heldBytes + size > this.maxBytes) this.evictOne();
    this.slots.set(key, { entry, size, used: false });
    this.heldBytes += size;
    return true;
  }

  has(key: string): boolean {
    return this.slots.has(key);
  }

  delete(key: string): boolean {
    const slot = this.slots.get(key);
    if (slot === undefined) return false;
    this.slots.delete(key);
    this.heldBytes -= slot.size;
    return true;
  }

  clear(): void {
    this.slots.clear();
    this.heldBytes = 0;
  }

  keys(): IterableIterator<string> {
    return this.slots.keys();
  }

  // Map iteration order is insertion order: the oldest slot comes first. A used slot moves to the back.
  private evictOne(): void {
    for (const [key, slot] of this.slots) {
      this.slots.delete(key);
      if (!slot.used) {
        this.heldBytes -= slot.size;
        return;
      }
      slot.used = false;
      this.slots.set(key, slot);
    }
  }
}
