/** A query parameter whose value a page cannot use: answered with a 400 page naming it and what it accepts. */
export class BadParameterError extends Error {
  constructor(
    readonly parameter: string,
    accepts: string,
    value: string,
  ) {
    super(`The parameter ${parameter} takes ${accepts}; it was given "${value}".`);
    this.name = 'BadParameterError';
  }
}
