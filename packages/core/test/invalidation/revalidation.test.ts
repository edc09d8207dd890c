import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Engine, StorageError, Task, taskInputHash, type FlowcacheSettings } from '../../src';
import { resolveSettings } from '../../src/settings/settings';
import { RecordingLogger, manualClock } from '../support';
import { FailingStorage } from '../../../../test/support/failingStorage';

class Prices {
  runs = 0;
  version = 'v1';

  @Task({ cacheKeyFn: () => 'prices/acme', persistResult: true })
  async quote(): Promise<string> {
    this.runs++;
    return `${this.version}#${this.runs}`;
  }

  @Task({ cacheKeyFn: taskInputHash, persistResult: false })
  async memoryOnly(day: string): Promise<string> {
    this.runs++;
    return `${day}#${this.runs}`;
  }
}

/** Reads of the engine's own records (`_flowcache/...`) are left out of the counts. */
const isEngineRecord = (key: string): boolean => key.startsWith('_flowcache/');

function setUp(settings: Partial<FlowcacheSettings> = {}) {
  const storage = new FailingStorage(isEngineRecord);
  const logger = new RecordingLogger();
  const clock = manualClock(Date.UTC(2026, 10, 26, 12));
  const engine = new Engine({
    storage,
    logger,
    clock: clock.read,
    settings: { memoryRevalidateMs: 1000, ...settings },
  });
  const prices = engine.attach(new Prices());
  return { storage, logger, clock, engine, prices };
}

/** The same task in another process: its own engine and memory, the same storage. */
function otherProcess(storage: FailingStorage, now: number) {
  const engine = new Engine({ storage, clock: () => now, settings: { memoryRevalidateMs: 'off' } });
  const prices = engine.attach(new Prices());
  prices.version = 'v2';
  return prices;
}

describe('memory hits of persisted results check their record every memoryRevalidateMs', () => {
  it('serves a hit younger than the setting from memory, without reading storage', async () => {
    const { storage, clock, prices } = setUp();
    expect(await prices.quote()).toBe('v1#1');
    clock.now += 999;
    expect(await prices.quote()).toBe('v1#1');
    expect(await prices.quote()).toBe('v1#1');
    // the first lookup
    expect({ gets: storage.attempts.get, rangeReads: storage.attempts.getRange }).toEqual({ gets: 1, rangeReads: 0 });
  });

  it('checks an older hit with one header read, then serves memory again for a period', async () => {
    const { storage, clock, prices } = setUp();
    await prices.quote();
    clock.now += 1000;
    expect(await prices.quote()).toBe('v1#1');
    expect(await prices.quote()).toBe('v1#1');
    const counts = { gets: storage.attempts.get, rangeReads: storage.attempts.getRange, runs: prices.runs };
    expect(counts).toEqual({ gets: 1, rangeReads: 1, runs: 1 });
  });

  it('shares one check among concurrent hits of the entry', async () => {
    const { storage, clock, prices } = setUp();
    await prices.quote();
    clock.now += 5000;
    expect(await Promise.all([prices.quote(), prices.quote(), prices.quote()])).toEqual(['v1#1', 'v1#1', 'v1#1']);
    expect(storage.attempts.getRange).toBe(1);
  });

  it('runs the body again when the record was deleted, and writes it back', async () => {
    const { storage, clock, prices } = setUp();
    await prices.quote();
    await storage.delete('prices/acme'); // flowcache rm, from another process
    clock.now += 1000;
    expect(await prices.quote()).toBe('v1#2');
    expect(prices.runs).toBe(2);
    expect(await storage.stat('prices/acme')).toBeDefined();
  });

  it('serves the newer record another process wrote under the key', async () => {
    const { storage, clock, prices } = setUp();
    await prices.quote();
    await storage.delete('prices/acme'); // then another process computes and writes its own record
    const writer = otherProcess(storage, clock.now + 20);
    expect(await writer.quote()).toBe('v2#1');
    clock.now += 1000;
    expect(await prices.quote()).toBe('v2#1');
    expect(prices.runs).toBe(1);
  });

  it('checks on every memory hit with 0', async () => {
    const { storage, prices } = setUp({ memoryRevalidateMs: 0 });
    await prices.quote();
    await prices.quote();
    await prices.quote();
    expect(storage.attempts.getRange).toBe(2);
  });

  it("never checks with 'off'", async () => {
    const { storage, clock, prices } = setUp({ memoryRevalidateMs: 'off' });
    await prices.quote();
    await storage.delete('prices/acme');
    clock.now += 3_600_000;
    expect(await prices.quote()).toBe('v1#1');
    expect(storage.attempts.getRange).toBe(0);
  });

  it('serves memory, with one warning, when the storage fails during the check', async () => {
    const { storage, logger, clock, prices } = setUp();
    await prices.quote();
    const connectionReset = (key: string) =>
      new StorageError(storage.location, 'get', key, new Error('ECONNRESET'), { transient: true });
    storage.fail('getRange', { times: 2, error: connectionReset });
    clock.now += 1000;
    expect(await prices.quote()).toBe('v1#1');
    clock.now += 1000;
    expect(await prices.quote()).toBe('v1#1');
    expect(prices.runs).toBe(1);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(
      new RegExp(
        String.raw`^Prices\.quote serves its result from memory without checking that its record in memory:\/\/\S+ ` +
          'is still stored .*ECONNRESET',
      ),
    );
  });

  it('never checks memory-only results', async () => {
    const { storage, clock, prices } = setUp({ memoryRevalidateMs: 0 });
    await prices.memoryOnly('monday');
    clock.now += 10_000;
    expect(await prices.memoryOnly('monday')).toBe('monday#1');
    expect({ gets: storage.attempts.get, rangeReads: storage.attempts.getRange }).toEqual({ gets: 0, rangeReads: 0 });
  });

  it('checks a result read from storage as well as one it wrote', async () => {
    const { storage, clock } = setUp();
    await otherProcess(storage, clock.now).quote(); // v2#1 stored
    const reader = new Engine({ storage, clock: clock.read, settings: { memoryRevalidateMs: 1000 } }).attach(
      new Prices(),
    );
    expect(await reader.quote()).toBe('v2#1');
    await storage.delete('prices/acme');
    clock.now += 1000;
    expect(await reader.quote()).toBe('v1#1');
  });
});

describe('the memoryRevalidateMs setting', () => {
  it('defaults to 5 seconds, and reads FLOWCACHE_MEMORY_REVALIDATE_MS (a number or off)', () => {
    expect(resolveSettings({}, {}).memoryRevalidateMs).toBe(5000);
    expect(resolveSettings({}, { FLOWCACHE_MEMORY_REVALIDATE_MS: '0' }).memoryRevalidateMs).toBe(0);
    expect(resolveSettings({}, { FLOWCACHE_MEMORY_REVALIDATE_MS: 'off' }).memoryRevalidateMs).toBe('off');
  });

  it('refuses anything else, naming the setting', () => {
    expect(() => resolveSettings({}, { FLOWCACHE_MEMORY_REVALIDATE_MS: '5s' })).toThrow(
      'environment variable FLOWCACHE_MEMORY_REVALIDATE_MS must be a whole ' +
        'number of milliseconds (0 checks on every memory hit) or off, got "5s"',
    );
    expect(() => resolveSettings({ memoryRevalidateMs: -1 }, {})).toThrow(
      /setting memoryRevalidateMs must be a whole number/,
    );
  });
});
