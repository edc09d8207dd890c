import { Duration } from 'luxon';

/** The longest value a duration option accepts, in the words of the error that refuses a longer one. */
export interface DurationLimit {
  readonly milliseconds: number;
  readonly text: string;
  /** Why there is a limit, and what to write instead. */
  readonly reason: string;
}

/**
 * The longest `cacheExpiration`: 1000 years (luxon's years of 365 days, 31536000000000 ms). A record stores when
 * it expires as a date, and a JavaScript Date ends 8.64e15 ms after 1970 (in the year 275760): past that, every
 * write would fail and nothing would be persisted. A thousand years keeps `now + expiration` a valid date for any
 * clock this side of the year 270000, is round enough to remember, and is longer than any result needs to live.
 */
export const LONGEST_CACHE_EXPIRATION: DurationLimit = {
  milliseconds: Duration.fromObject({ years: 1000 }).toMillis(),
  // In milliseconds too: luxon's long-term conversion (years of 365.2425 days) makes 1000 years a little longer.
  text: '1000 years of 365 days (P1000Y, 31536000000000 ms)',
  reason:
    'a record stores when it expires as a date, and a longer expiration ' +
    'cannot be stored; leave cacheExpiration out to keep results for ever',
};

/** The longest `retryDelay`: Node's longest timer (about 24.8 days); a longer one would fire at once. */
export const LONGEST_RETRY_DELAY: DurationLimit = {
  milliseconds: 2_147_483_647,
  text: '2147483647 ms (about 24.8 days)',
  reason: "Node's timers cannot wait longer, and would retry at once",
};
