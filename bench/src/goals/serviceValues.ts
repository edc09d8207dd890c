/** The values the hit goals' services take and return, the same on both sides. */
export interface Sale {
  readonly region: string;
  readonly amount: number;
}

export const SALES: readonly Sale[] = [{ region: 'eu', amount: 10 }];

export interface Query {
  readonly id: number;
  readonly tags: readonly string[];
}

/** The argument of the object-argument hit: equal every time, built fresh per call as a request handler would. */
export function freshQuery(): Query {
  return { id: 7, tags: ['eu', 'retail'] };
}
