import 'reflect-metadata';
import { Duration } from 'luxon';
import { Flow, MemoryStorage, Task, TaskDefinitionError, withCacheOverrides, type CacheExpiration } from '../src';
import { CacheInspector } from '../src/records';
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

describe('the longest cacheExpiration', () => {
  const THOUSAND_YEARS = 1000 * 365 * 24 * HOUR; // luxon's years have 365 days

  it.each<[string, CacheExpiration, string]>([
    ['a duration object', { years: 1e6 }, '{"years":1000000} (31536000000000000 ms)'],
    ['milliseconds', 1e20, '100000000000000000000 ms'],
    ['an ISO-8601 duration', 'P1000000Y', '"P1000000Y" (31536000000000000 ms)'],
    ['a luxon Duration', Duration.fromObject({ years: 1000, days: 1 }), '"P1000Y1D" (31536086400000 ms)'],
    [
      'one millisecond more, in mixed units',
      { years: 1000, milliseconds: 1 },
      '{"years":1000,"milliseconds":1} (31536000000001 ms)',
    ],
    // Its ISO form reads P1000Y, but luxon's long-term years have 365.2425 days: the milliseconds tell the difference.
    [
      '1000 long-term years',
      Duration.fromObject({ years: 1000 }, { conversionAccuracy: 'longterm' }),
      '"P1000Y" (31556951999999.996 ms)',
    ],
  ])(
    'is 1000 years: longer, as %s, is refused when the class is defined, naming the task',
    (_label, expiration, given) => {
      const define = () => {
        class Archive {
          @Task({ cacheKeyFn: () => 'archive', cacheExpiration: expiration })
          async keep(): Promise<string> {
            return 'kept';
          }
        }
        return Archive;
      };
      expect(define).toThrow(TaskDefinitionError);
      expect(define).toThrow(
        `@Task on Archive.keep: cacheExpiration must be at most 1000 years of ` +
          `365 days (P1000Y, 31536000000000 ms), got ${given}: a record stores when ` +
          'it expires as a date, and a longer expiration cannot be ' +
          'stored; leave cacheExpiration out to keep results for ever',
      );
    },
  );

  it.each<[string, CacheExpiration]>([
    ['an ISO-8601 duration', 'P1000Y'],
    ['a duration object', { years: 1000 }],
    ['a luxon Duration', Duration.fromObject({ days: 365_000 })],
    ['milliseconds', THOUSAND_YEARS],
  ])('of exactly 1000 years, as %s, is accepted and stored with its record', async (_label, expiration) => {
    const { engine, clock, logger } = testEngine();
    const storage = new MemoryStorage();
    class Archive {
      @Task({ cacheKeyFn: () => 'archive', cacheExpiration: expiration, resultStorage: storage })
      async keep(): Promise<string> {
        return 'kept';
      }
    }
    await engine.attach(new Archive()).keep();
    const record = await new CacheInspector(storage, clock.read).find('archive');
    expect(record?.metadata?.expiresAt).toBe(new Date(clock.now + THOUSAND_YEARS).toISOString());
    expect(record?.expired).toBe(false);
    expect(logger.warnings).toEqual([]);
  });

  it('of a retry is at most the longest timer Node keeps, for tasks and flows', () => {
    for (const decorate of [Task, Flow]) {
      expect(() => {
        class Patient {
          @decorate({ retries: 1, retryDelay: { days: 30 } })
          async wait(): Promise<void> {}
        }
        return Patient;
      }).toThrow(
        new RegExp(
          String.raw`on Patient\.wait: retryDelay must be at most 2147483647 ms \(about 24\.8 days\), got ` +
            String.raw`\{"days":30\} \(2592000000 ms\)`,
        ),
      );
    }
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
