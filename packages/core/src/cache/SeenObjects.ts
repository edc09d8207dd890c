/**
 * Objects kept in a plain list before a Set takes over: a list this short is searched faster than hashed. It holds
 * an array of rows with the rows its size estimate samples (`SAMPLE_SIZE`, 32); a longer list costs deeper walks
 * more than it saves.
 */
export const LISTED_OBJECTS = 40;

/**
 * The objects a walk has met, to count each once. The first `LISTED_OBJECTS` are kept in a list, searched by
 * identity: putting an object into a Set gives it a hash code, which V8 must first make and store for an object
 * that never had one (every object of a value just read from a record), and that costs more than comparing it
 * with a few dozen others. From the next object on, all of them go into a Set, so a long walk stays linear.
 */
export class SeenObjects {
  private readonly listed: object[] = [];
  private hashed: Set<object> | undefined;

  /** Notes `item`; `false` when it had been noted before. */
  add(item: object): boolean {
    if (this.hashed !== undefined) {
      if (this.hashed.has(item)) return false;
      this.hashed.add(item);
      return true;
    }
    if (this.listed.includes(item)) return false;
    if (this.listed.length < LISTED_OBJECTS) this.listed.push(item);
    else this.hashed = new Set(this.listed).add(item);
    return true;
  }
}
