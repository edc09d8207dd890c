import 'reflect-metadata';
import { Duration } from 'luxon';
import { Flow, Task, withCacheOverrides, type CacheExpiration } from '../src';
import { testEngine } from './support';

const HOUR = 3_600_000;

describe('cacheExpiration', () => {
  it.each<[string, CacheExpiration]>([
    ['a luxon Duration', Duration.fromObject({ hours: 24 })],
    ['a duration object', { hours: 24 }],
    ['an ISO-8601 duration', 'PT24H'],
    ['milliseconds', 24 * HOUR],
  ])('accepts %s; a result is reused until it expires, then recomputed and overwritten', async (_label, expiration) => {
    const { engine, events, clock } = testEngine();
    let runs = 0;
    class Rates {
      @Task({ cacheKeyFn: () => 'eur-usd', cacheExpiration: expiration })
      async rate(): Promise<number> {
        return ++runs;
      }
    }
    const rates = engine.attach(new Rates());
    await rates.rate();
    expect(engine.results.get('eur-usd')?.expiresAt).toEqual(new Date(clock.now + 24 * HOUR));
    clock.advance(24 * HOUR - 1);
    await expect(rates.rate()).resolves.toBe(1);
    clock.advance(1);
    await expect(rates.rate()).resolves.toBe(2);
    await expect(rates.rate()).resolves.toBe(2);
    expect(events.map((event) => [event.state, event.cacheMiss?.reason])).toEqual([
      ['Completed', 'absent'],
      ['Cached', undefined],
      ['Completed', 'expired'],
      ['Cached', undefined],
    ]);
  });

  it('is fixed by the writer: a reader with a longer expiration still sees the written expiry', async () => {
    const { engine, clock } = testEngine();
    let runs = 0;
    class Shared {
      @Task({ cacheKeyFn: () => 'shared', cacheExpiration: { hours: 1 } })
      async shortLived(): Promise<number> {
        return ++runs;
      }

      @Task({ cacheKeyFn: () => 'shared', cacheExpiration: { days: 30 } })
      async longLived(): Promise<number> {
        return ++runs;
      }
    }
    const shared = engine.attach(new Shared());
    await shared.shortLived();
    await expect(shared.longLived()).resolves.toBe(1);
    clock.advance(2 * HOUR);
    await expect(shared.longLived()).resolves.toBe(2);
  });

  it('of zero means a result is never reused; without one a result never expires', async () => {
    const { engine, clock } = testEngine();
    let runs = 0;
    class Clocked {
      @Task({ cacheKeyFn: () => 'zero', cacheExpiration: 0 })
      async zero(): Promise<number> {
        return ++runs;
      }

      @Task({ cacheKeyFn: () => 'forever' })
      async forever(): Promise<number> {
        return ++runs;
      }
    }
    const clocked = engine.attach(new Clocked());
    await clocked.zero();
    await clocked.zero();
    expect(runs).toBe(2);
    await clocked.forever();
    clock.advance(10 * 365 * 24 * HOUR);
    await clocked.forever();
    expect(runs).toBe(3);
  });

  it('makes a daily key from context.now, which reads the injected clock', async () => {
    const { engine, clock } = testEngine();
    const seen: string[] = [];
    class Daily {
      @Task({ cacheKeyFn: (context) => `report/${context.now.toISOString().slice(0, 10)}` })
      async report(): Promise<string> {
        seen.push('ran');
        return 'report';
      }
    }
    const daily = engine.attach(new Daily());
    await daily.report();
    clock.advance(HOUR);
    await daily.report();
    clock.advance(24 * HOUR);
    await daily.report();
    expect(seen).toHaveLength(2);
    expect([...engine.results.keys()]).toEqual(['report/2026-11-26', 'report/2026-11-27']);
  });
});

describe('refreshing', () => {
  class Prices {
    runs = 0;

    @Task({ cacheKeyFn: () => 'price' })
    async price(): Promise<number> {
      return ++this.runs;
    }

    @Task({ cacheKeyFn: () => 'pinned', refreshCache: false })
    async pinned(): Promise<number> {
      return ++this.runs;
    }

    @Task({ cacheKeyFn: () => 'always', refreshCache: true })
    async always(): Promise<number> {
      return ++this.runs;
    }

    @Flow()
    async all(): Promise<number[]> {
      return [await this.price(), await this.pinned()];
    }
  }

  it('with refreshCache: true runs the body every time and overwrites the result', async () => {
    const { engine, events } = testEngine();
    const prices = engine.attach(new Prices());
    await prices.always();
    await expect(prices.always()).resolves.toBe(2);
    expect(engine.results.get('always')?.value).toBe(2);
    expect(events.map((event) => event.cacheMiss?.reason)).toEqual(['refresh', 'refresh']);
  });

  it('follows the refreshCache setting, except for tasks that opt out', async () => {
    const { engine } = testEngine({ refreshCache: true });
    const prices = engine.attach(new Prices());
    await prices.all();
    await expect(prices.all()).resolves.toEqual([3, 2]);
  });

  it('can be asked for a block of code with withCacheOverrides, however deep the calls', async () => {
    const { engine } = testEngine();
    const prices = engine.attach(new Prices());
    await prices.all(); // price=1, pinned=2
    await expect(withCacheOverrides({ refresh: true }, () => prices.all())).resolves.toEqual([3, 2]);
    await expect(prices.all()).resolves.toEqual([3, 2]); // the refreshed result was stored
  });
});
