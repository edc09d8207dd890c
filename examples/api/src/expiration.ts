import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Duration } from 'luxon';
import {
  Engine,
  Task,
  taskInputHash,
  withCacheOverrides,
  type CacheExpiration,
  type CacheOverrides,
} from '@flowcache/core';

const HOUR = 3_600_000;
const QUOTE_LIFETIME: CacheExpiration = Duration.fromObject({ minutes: 15 });

class Quotes {
  fetches = 0;

  @Task({ cacheKeyFn: taskInputHash, cacheExpiration: QUOTE_LIFETIME })
  async quote(symbol: string): Promise<number> {
    return 100 + ++this.fetches;
  }

  // Other accepted forms: { hours: 24 }, 'PT24H' (ISO-8601) and milliseconds.
  @Task({ cacheKeyFn: taskInputHash, cacheExpiration: 'PT24H' })
  async history(symbol: string): Promise<number[]> {
    this.fetches++;
    return [1, 2, 3];
  }

  // Never refreshed, even when a refresh is asked for.
  @Task({ cacheKeyFn: taskInputHash, refreshCache: false })
  async listing(symbol: string): Promise<string> {
    this.fetches++;
    return `${symbol} listed`;
  }
}

export async function main(): Promise<void> {
  let now = Date.UTC(2026, 10, 26, 9);
  const engine = new Engine({ clock: () => now }); // tests move time instead of sleeping
  const quotes = engine.attach(new Quotes());

  assert.equal(await quotes.quote('ACME'), 101);
  now += 14 * 60_000;
  assert.equal(await quotes.quote('ACME'), 101); // within 15 minutes
  now += 60_000;
  assert.equal(await quotes.quote('ACME'), 102); // expired: recomputed and overwritten

  await quotes.history('ACME');
  now += 23 * HOUR;
  await quotes.history('ACME');
  assert.equal(quotes.fetches, 3);

  // Refresh a block of code: every task inside runs and overwrites its result, except those that opt out.
  await quotes.listing('ACME');
  const refresh: CacheOverrides = { refresh: true };
  await withCacheOverrides(refresh, async () => {
    assert.equal(await quotes.quote('ACME'), 105);
    await quotes.listing('ACME');
  });
  assert.equal(quotes.fetches, 5);
  assert.equal(await quotes.quote('ACME'), 105); // the refreshed result is the cached one now
}
