import { ConfigurationError } from '../errors/ConfigurationError';
import { estimateJsonTreeSize, estimateSize } from './estimateSize';
import type { StoredRecordRef } from './StoredRecordRef';
import { HEAP_COSTS, stringBytes } from './heapCosts';

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
  /** How long the task's body took to compute the value, in milliseconds, when known: what a hit spares. */
  readonly computeMs?: number;
}

/**
 * What the code keeping a value knows of its shape: `'jsonTree'` for a value `JSON.parse` alone just built (plain
 * objects, arrays, strings, numbers, booleans, `null`, nothing reachable twice), which is counted faster, to the
 * same estimate; `'any'` for anything else.
 */
export type ValueShape = 'any' | 'jsonTree';

interface Slot {
  readonly entry: MemoryEntry;
  /** Estimated bytes of the value and of the entry itself (see `entryBytes`). */
  readonly size: number;
  used: boolean;
}

/**
 * The in-memory tier: results by cache key, bounded by `maxEntries` and by `maxBytes`: the sum of its entries'
 * estimated bytes (see `entryBytes`) never exceeds it, and an entry larger than `maxBytes` is not kept. The
 * size is computed once, when an entry is kept; a hit does not pay for it. Eviction follows the CLOCK approximation of
 * least-recently-used: a hit only sets a flag (cheap on the hot path), and eviction, going round the entries,
 * gives flagged ones a second chance. A hit returns the very object the body returned, not a copy, so callers
 * must treat cached values as read-only.
 */
export class MemoryTier {
  private readonly slots = new Map<string, Slot>();
  private heldBytes = 0;
  private hand: IterableIterator<[string, Slot]> | undefined;

  constructor(
    readonly maxEntries = 1000,
    readonly maxBytes = 256 * 1024 * 1024,
  ) {
    for (const [name, limit] of [
      ['entries', maxEntries],
      ['bytes', maxBytes],
    ] as const) {
      if (!Number.isInteger(limit) || limit < 1) {
        throw new ConfigurationError(`MemoryTier needs a positive whole number of ${name}, got ${String(limit)}`);
      }
    }
  }

  get size(): number {
    return this.slots.size;
  }

  /** Estimated bytes held by the kept results and their entries. */
  get bytes(): number {
    return this.heldBytes;
  }

  get(key: string): MemoryEntry | undefined {
    const slot = this.slots.get(key);
    if (slot === undefined) return undefined;
    slot.used = true;
    return slot.entry;
  }

  /**
   * Keeps a result; returns `false` when it is larger than the whole tier and was not kept. `serializedBytes`,
   * the length of the result's record when one was written or read, bounds its estimate from below. `shape`
   * `'jsonTree'` only for a value known to be one (see `ValueShape`): another value would be misjudged.
   */
  set(key: string, entry: MemoryEntry, serializedBytes?: number, shape: ValueShape = 'any'): boolean {
    this.delete(key);
    const size = entryBytes(key, entry, serializedBytes, shape);
    if (size > this.maxBytes) return false;
    // Evict before inserting, so that the new entry is never the one evicted.
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
    this.hand = undefined;
    this.heldBytes = 0;
  }

  keys(): IterableIterator<string> {
    return this.slots.keys();
  }

  // The clock's hand: a Map iterator sees entries added after it and goes on past deletions, so each eviction
  // resumes where the last one stopped (starting over from the oldest slot each time would step over every
  // slot deleted since the table was last compacted: quadratic in a full tier under many distinct keys).
  private evictOne(): void {
    while (this.slots.size > 0) {
      const next = (this.hand ??= this.slots.entries()).next();
      if (next.done === true) {
        this.hand = undefined;
        continue;
      }
      const [key, slot] = next.value;
      if (slot.used) {
        slot.used = false;
        continue;
      }
      this.slots.delete(key);
      this.heldBytes -= slot.size;
      return;
    }
  }
}

/**
 * What one entry of the tier holds: its value (`estimateSize`, at least its record's length when it has one: a
 * decoded value rarely takes fewer bytes than its encoding) and the entry itself (its key, its slot, its
 * bookkeeping), so that many tiny results cannot exceed the bound through their overhead.
 */
export function entryBytes(key: string, entry: MemoryEntry, serializedBytes = 0, shape: ValueShape = 'any'): number {
  const valueBytes = shape === 'jsonTree' ? estimateJsonTreeSize(entry.value) : estimateSize(entry.value);
  return HEAP_COSTS.tierEntry + stringBytes(key) + Math.max(valueBytes, serializedBytes);
}
