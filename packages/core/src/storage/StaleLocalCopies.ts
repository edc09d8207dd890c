/** How many keys are remembered one by one; past it, every local copy is treated as stale. */
export const REMEMBERED_STALE_KEYS = 4096;

/**
 * The keys whose local copy could be neither replaced nor deleted when the remote changed (a local tier that
 * reads but cannot write): this process must not serve those copies. Bounded: once more keys than
 * `REMEMBERED_STALE_KEYS` are stale, all are, and this process reads the remote only.
 */
export class StaleLocalCopies {
  private readonly keys = new Set<string>();
  private all = false;

  has(key: string): boolean {
    return this.all || this.keys.has(key);
  }

  add(key: string): void {
    if (this.all) return;
    this.keys.add(key);
    if (this.keys.size > REMEMBERED_STALE_KEYS) {
      this.all = true;
      this.keys.clear();
    }
  }

  /** The key's local copy was written or deleted: it is the remote's again. */
  delete(key: string): void {
    this.keys.delete(key);
  }
}
