/**
 * The commits whose marker a reader has found, per storage location, the least recently used forgotten past a
 * bound: a transaction's records cost one marker read, not one per record. Only presence is remembered: a
 * marker not found yet may be written a moment later.
 */
export class CommittedIds {
  private readonly found = new Map<string, true>();

  constructor(private readonly capacity = 10_000) {}

  has(location: string, commitId: string): boolean {
    const id = `${location} ${commitId}`;
    if (!this.found.delete(id)) return false;
    this.found.set(id, true); // most recently used last
    return true;
  }

  add(location: string, commitId: string): void {
    const id = `${location} ${commitId}`;
    this.found.delete(id);
    this.found.set(id, true);
    if (this.found.size > this.capacity) this.found.delete(this.found.keys().next().value as string);
  }

  get size(): number {
    return this.found.size;
  }
}
