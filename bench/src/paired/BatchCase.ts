/**
 * One competitor of a paired measurement, set up inside a process of its own: `run(count)` performs `count`
 * operations (awaited when it returns a promise), `close` checks what the batches did (throws when a call was not
 * what the figure claims, e.g. a hit that ran the body), releases what the setup opened and may return a note to
 * print under the figure (e.g. requests per call).
 */
export interface BatchCase {
  readonly run: (count: number) => unknown;
  /** Batches are rounded up to a multiple of this many operations (e.g. calls of one whole flow run). */
  readonly unit?: number;
  readonly close?: () => Promise<string | undefined> | string | undefined;
}

/** Builds a competitor in its worker process; a case module exports these by name. */
export type BatchCaseFactory = () => Promise<BatchCase> | BatchCase;

/** Where a worker process finds a competitor: the module's absolute path and the factory's export name. */
export interface CaseReference {
  readonly module: string;
  readonly name: string;
}

/** A batch of `count` calls of a synchronous operation, without an await per call. */
export function eachSync(op: () => unknown): BatchCase['run'] {
  return (count) => {
    for (let index = 0; index < count; index++) op();
  };
}

/** A batch of `count` awaited calls, one after the other. */
export function eachAwaited(op: () => unknown): BatchCase['run'] {
  return async (count) => {
    for (let index = 0; index < count; index++) await op();
  };
}
