import 'reflect-metadata';
import { Container, inject, injectable } from 'inversify';
import {
  ConfigurationError,
  Engine,
  FLOWCACHE_ENGINE,
  FLOWCACHE_SETTINGS,
  Flow,
  getDefaultEngine,
  installFlowcache,
  MEMORY_TIER,
  MemoryTier,
  Task,
  taskInputHash,
  type TaskRunEvent,
} from '../src';
import { installedContainer, RecordingLogger, states } from './support';

@injectable()
class Reports {
  #loads = 0;
  bodyRuns = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async load(day: string): Promise<string> {
    this.bodyRuns++;
    this.#loads++;
    return `sales of ${day}`;
  }

  @Flow()
  async nightly(day: string): Promise<string> {
    const first = await this.load(day);
    const second = await this.load(day);
    return `${first} / ${second}`;
  }

  get privateLoads(): number {
    return this.#loads;
  }
}

@injectable()
class Plain {
  async load(): Promise<number> {
    return 1;
  }
}

describe('installing flowcache into an inversify container', () => {
  it('caches self-calls of a singleton and keeps #private fields and instanceof working', async () => {
    const { container, taskRuns } = installedContainer();
    container.bind(Reports).toSelf().inSingletonScope();
    const reports = container.get(Reports);

    await expect(reports.nightly('mon')).resolves.toBe('sales of mon / sales of mon');
    expect(reports.bodyRuns).toBe(1);
    expect(reports.privateLoads).toBe(1);
    expect(reports).toBeInstanceOf(Reports);
    expect(container.get(Reports)).toBe(reports);
    expect(states(taskRuns)).toEqual(['Reports.load:Completed', 'Reports.load:Cached']);
  });

  it('intercepts every transient instance, sharing one cache', async () => {
    const { container } = installedContainer();
    container.bind(Reports).toSelf();
    const first = container.get(Reports);
    const second = container.get(Reports);
    expect(first).not.toBe(second);

    await first.load('tue');
    await second.load('tue');
    expect(first.bodyRuns + second.bodyRuns).toBe(1);
  });

  it('intercepts classes bound to tokens, as constants, from factories and as dependencies', async () => {
    const { container, engine } = installedContainer();
    const seen: TaskRunEvent[] = [];
    engine.onTaskRun((event) => seen.push(event));

    @injectable()
    class Consumer {
      constructor(@inject('reports') readonly reports: Reports) {}
    }
    container.bind('reports').to(Reports).inSingletonScope();
    container.bind('constant').toConstantValue(new Reports());
    container.bind('factory').toDynamicValue(() => new Reports());
    container.bind(Consumer).toSelf();

    await container.get(Consumer).reports.load('a');
    await container.get<Reports>('constant').load('b');
    await container.get<Reports>('factory').load('c');
    await container.get<Reports>('reports').load('a');
    expect(seen.map((event) => event.state)).toEqual(['Completed', 'Completed', 'Completed', 'Cached']);
  });

  it('leaves classes without decorated methods untouched', () => {
    const { container } = installedContainer();
    container.bind(Plain).toSelf();
    const plain = container.get(Plain);
    expect(Object.getOwnPropertyNames(plain)).toEqual([]);
    expect(plain.load).toBe(Plain.prototype.load);
  });

  it('binds its defaults under the exported tokens, and keeps what was bound before', () => {
    const { container, engine } = installedContainer();
    expect(container.get(FLOWCACHE_ENGINE)).toBe(engine);
    expect(container.get(FLOWCACHE_SETTINGS)).toEqual({
      memoryCacheSize: 1000,
      memoryCacheMaxBytes: 268435456,
      refreshCache: false,
      strictKeys: false,
      persistResultsByDefault: false,
      strictPersistence: false,
      defaultStorage: 'memory://tests',
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
    expect(container.get(MEMORY_TIER)).toBe(engine.results);

    const custom = new Container();
    const store = new MemoryTier(5);
    custom.bind(MEMORY_TIER).toConstantValue(store);
    expect(installFlowcache(custom, { logger: new RecordingLogger() }).results).toBe(store);
  });

  it('refuses to be installed twice in one container', () => {
    const { container } = installedContainer();
    expect(() => installFlowcache(container)).toThrow(ConfigurationError);
    expect(() => installFlowcache(container)).toThrow(/already installed/);
  });

  it('rejects invalid settings and unknown options, and can then be installed correctly', () => {
    const container = new Container();
    expect(() => installFlowcache(container, { settings: { memoryCacheSize: 0 } })).toThrow(
      /memoryCacheSize must be a positive integer/,
    );
    expect(() => installFlowcache(container, { settings: { memorySize: 5 } as never })).toThrow(
      'unknown setting "memorySize"; the settings are memoryCacheSize, memoryCacheMaxBytes, ' +
        'refreshCache, strictKeys, persistResultsByDefault, strictPersistence, ' +
        'defaultStorage, lockLeaseMs, lockWaitMs, runHistory, runHistoryDetail, signingKeys',
    );
    expect(() => installFlowcache(container, { bogus: 1 } as never)).toThrow(
      'unknown install option "bogus"; the options are settings, logger, clock',
    );
    const engine = installFlowcache(container, { settings: { memoryCacheSize: 7 }, logger: new RecordingLogger() });
    expect(engine.results.maxEntries).toBe(7);
  });
});

describe('a decorated class used without an installed container', () => {
  it('runs on the default engine and says once how to install flowcache', async () => {
    const defaultEngine = getDefaultEngine();
    const logger = jest.spyOn(defaultEngine.logger, 'warn').mockImplementation(() => undefined);
    try {
      const reports = new Reports();
      await reports.load('wed');
      await reports.load('wed');
      await new Container().get(Reports, { autobind: true }).load('wed');
      expect(reports.bodyRuns).toBe(1);
      const warnings = logger.mock.calls.map(([message]) => message).filter((m) => m.startsWith('Reports '));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/installFlowcache\(container\)/);
    } finally {
      logger.mockRestore();
    }
  });

  it('can be attached to an engine of its own, as in a unit test', async () => {
    const engine = new Engine({ logger: new RecordingLogger() });
    const events: TaskRunEvent[] = [];
    engine.onTaskRun((event) => events.push(event));
    const reports = engine.attach(new Reports());
    await reports.nightly('thu');
    expect(states(events)).toEqual(['Reports.load:Completed', 'Reports.load:Cached']);
  });
});
