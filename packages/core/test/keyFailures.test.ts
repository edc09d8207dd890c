import 'reflect-metadata';
import { Container } from 'inversify';
import { CacheKeyError, ConfigurationError, installFlowcache, Task, taskInputHash, UnhashableInputError } from '../src';
import { resolveSettings } from '../src/settings/settings';
import { testEngine } from './support';

class Mailer {
  runs = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async send(client: { socket: () => void }): Promise<number> {
    return ++this.runs;
  }

  @Task({ cacheKeyFn: taskInputHash, strictKeys: true })
  async strictSend(client: { socket: () => void }): Promise<number> {
    return ++this.runs;
  }

  @Task({ cacheKeyFn: taskInputHash, strictKeys: false })
  async lenientSend(client: { socket: () => void }): Promise<number> {
    return ++this.runs;
  }

  @Task({
    cacheKeyFn: () => {
      throw new RangeError('no tenant');
    },
    strictKeys: true,
  })
  async tenantReport(): Promise<number> {
    return ++this.runs;
  }
}

const client = { socket: () => undefined };

describe('a call whose key cannot be computed', () => {
  it('runs uncached with one warning per task by default', async () => {
    const { engine, logger, events } = testEngine();
    const mailer = engine.attach(new Mailer());
    await mailer.send(client);
    await mailer.send(client);
    expect(mailer.runs).toBe(2);
    expect(events.map((event) => event.cacheKey)).toEqual([undefined, undefined]);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toContain('Mailer.send runs uncached because it has no cache key');
    expect(logger.warnings[0]).toContain('cannot hash args[0].socket');
    expect(logger.warnings[0]).toMatch(
      /INPUTS\.without\(<its parameter name or position>\)\.add\(TASK_SOURCE\).*cacheKeyFn.*registerHasher/,
    );
  });

  it('throws an UnhashableInputError naming the task and the argument with strictKeys, without running', async () => {
    const { engine, events } = testEngine();
    const mailer = engine.attach(new Mailer());
    const error = await mailer.strictSend(client).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(UnhashableInputError);
    expect(error).toMatchObject({ taskName: 'Mailer.strictSend', path: 'args[0].socket' });
    expect((error as Error).message).toMatch(/^Mailer\.strictSend: cannot hash args\[0\]\.socket/);
    expect(mailer.runs).toBe(0);
    expect(events).toEqual([expect.objectContaining({ state: 'Failed', error })]);
  });

  it('throws a CacheKeyError carrying the key function’s error with strictKeys', async () => {
    const { engine } = testEngine();
    const error = await engine
      .attach(new Mailer())
      .tenantReport()
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(CacheKeyError);
    expect((error as Error).message).toBe('Mailer.tenantReport: no cache key: RangeError: no tenant');
    expect((error as Error).cause).toEqual(new RangeError('no tenant'));
  });

  it('follows the strictKeys setting, which a task can turn off', async () => {
    const container = new Container();
    const engine = installFlowcache(container, { settings: { strictKeys: true }, logger: { warn: () => undefined } });
    const mailer = engine.attach(new Mailer());
    await expect(mailer.send(client)).rejects.toThrow(UnhashableInputError);
    await expect(mailer.lenientSend(client)).resolves.toBe(1);
  });
});

describe('settings from the environment', () => {
  it('read booleans and integers, and name the variable when a value is invalid', () => {
    expect(resolveSettings({}, { FLOWCACHE_REFRESH_CACHE: 'true', FLOWCACHE_STRICT_KEYS: '0' })).toEqual({
      memoryCacheSize: 1000,
      memoryCacheMaxBytes: 268435456,
      refreshCache: true,
      strictKeys: false,
      persistResultsByDefault: false,
      strictPersistence: false,
      defaultStorage: undefined,
      lockLeaseMs: 30_000,
      lockWaitMs: 600_000,
      runHistory: true,
      runHistoryDetail: 1000,
      signingKeys: [],
      storageRetries: 2,
      storageRetryDelayMs: 100,
      maxRecordBytes: 67108864,
      memoryRevalidateMs: 5000,
      telemetry: true,
    });
    expect(resolveSettings({ refreshCache: false }, { FLOWCACHE_REFRESH_CACHE: 'true' }).refreshCache).toBe(false);
    expect(() => resolveSettings({}, { FLOWCACHE_STRICT_KEYS: 'maybe' })).toThrow(ConfigurationError);
    expect(() => resolveSettings({}, { FLOWCACHE_STRICT_KEYS: 'maybe' })).toThrow(
      'environment variable FLOWCACHE_STRICT_KEYS must be true or false, got "maybe"',
    );
    expect(() => resolveSettings({}, { FLOWCACHE_MEMORY_CACHE_SIZE: '-5' })).toThrow(/FLOWCACHE_MEMORY_CACHE_SIZE/);
    expect(resolveSettings({}, { FLOWCACHE_STORAGE_RETRIES: '0' }).storageRetries).toBe(0);
    for (const text of ['-1', '11', '2e0', '0x2', '+3']) {
      expect(() => resolveSettings({}, { FLOWCACHE_STORAGE_RETRIES: text })).toThrow(
        `environment variable FLOWCACHE_STORAGE_RETRIES must be a whole number from 0 to 10, got "${text}"`,
      );
    }
    expect(resolveSettings({}, { FLOWCACHE_STORAGE_RETRY_DELAY_MS: '0' }).storageRetryDelayMs).toBe(0);
    expect(() => resolveSettings({}, { FLOWCACHE_STORAGE_RETRY_DELAY_MS: '10001' })).toThrow(
      'FLOWCACHE_STORAGE_RETRY_DELAY_MS must be a whole number from 0 to 10000',
    );
    expect(resolveSettings({}, { FLOWCACHE_RUN_HISTORY_DETAIL: '0' }).runHistoryDetail).toBe(0);
    expect(() => resolveSettings({}, { FLOWCACHE_RUN_HISTORY_DETAIL: 'all' })).toThrow(
      'environment variable FLOWCACHE_RUN_HISTORY_DETAIL must be a whole number from 0 to 10000, got "all"',
    );
    expect(() => resolveSettings({ runHistoryDetail: -1 })).toThrow(
      'setting runHistoryDetail must be a whole number from 0 to 10000, got -1',
    );
    expect(resolveSettings({}, { FLOWCACHE_MAX_RECORD_BYTES: '1048576' }).maxRecordBytes).toBe(1_048_576);
    expect(() => resolveSettings({}, { FLOWCACHE_MAX_RECORD_BYTES: '0' })).toThrow(
      'environment variable FLOWCACHE_MAX_RECORD_BYTES must be a positive integer, got "0"',
    );
    expect(() => resolveSettings({ maxRecordBytes: 1.5 })).toThrow(
      'setting maxRecordBytes must be a positive integer, got 1.5',
    );
    expect(() => resolveSettings({ storageRetries: 50 })).toThrow(
      'setting storageRetries must be a whole number from 0 to 10',
    );
    expect(() => resolveSettings({ storageRetries: '2' as never })).toThrow('from 0 to 10, got "2"');
  });
});
