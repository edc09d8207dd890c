/** Base class of every error flowcache throws, so callers can tell them apart with `instanceof`. */
export class FlowcacheError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}
