/**
 * Stored objects a walk over the storage skipped because they are not flowcache records (a bucket's folder
 * marker, a file another program put there): how many, and the first few names, as the storage names them.
 */
export interface ForeignObjects {
  readonly count: number;
  /** The first ones met, at most `FOREIGN_NAMES_KEPT`: a bucket full of other objects costs no memory. */
  readonly names: readonly string[];
}

/** How many foreign names a walk keeps to show; the rest are only counted. */
export const FOREIGN_NAMES_KEPT = 20;

/** Adds up the foreign objects of the pages of one walk, keeping a bounded number of names. */
export class ForeignObjectTally {
  private count = 0;
  private readonly names: string[] = [];

  add(names: readonly string[]): void {
    this.count += names.length;
    for (const name of names) {
      if (this.names.length === FOREIGN_NAMES_KEPT) break;
      this.names.push(name);
    }
  }

  summary(): ForeignObjects {
    return { count: this.count, names: [...this.names] };
  }
}
