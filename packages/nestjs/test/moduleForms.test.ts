import 'reflect-metadata';
import { Inject, Injectable, Module, type DynamicModule, type INestApplication } from '@nestjs/common';
import {
  ConfigurationError,
  Engine,
  FlowcacheModule,
  MemoryStorage,
  Task,
  taskInputHash,
  type FlowcacheModuleOptions,
  type FlowcacheOptionsFactory,
} from '@flowcache/nestjs';
import { createApp } from './support/startApp';

@Injectable()
class Rates {
  downloads = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async download(base: string): Promise<string> {
    this.downloads++;
    return `${base}: USD 1.08`;
  }
}

/** Where each test's results go: one storage per test, so a stored record proves which options the engine got. */
const STORAGE = Symbol('storage');

/** An options factory class, as `useClass` and `useExisting` take it. */
@Injectable()
class FlowcacheConfig implements FlowcacheOptionsFactory {
  constructor(@Inject(STORAGE) private readonly storage: MemoryStorage) {}

  createFlowcacheOptions(): FlowcacheModuleOptions {
    return { storage: this.storage, settings: { memoryCacheSize: 7 } };
  }
}

function storageModule(storage: MemoryStorage): DynamicModule {
  return { module: class StorageModule {}, providers: [{ provide: STORAGE, useValue: storage }], exports: [STORAGE] };
}

@Module({})
class AppModule {}

function application(flowcache: DynamicModule, more: DynamicModule['imports'] = []): DynamicModule {
  return { module: AppModule, imports: [flowcache, ...more], providers: [Rates] };
}

describe('the forms of FlowcacheModule.forRootAsync and forRoot', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** Starts the application, calls the task twice, and returns how often its body ran and what was stored. */
  async function callTwice(module: DynamicModule, storage: MemoryStorage) {
    app = await createApp(module);
    await app.init();
    const rates = app.get(Rates);
    expect(await rates.download('EUR')).toBe('EUR: USD 1.08');
    expect(await rates.download('EUR')).toBe('EUR: USD 1.08');
    return { runs: rates.downloads, stored: (await storage.list('')).objects.length, engine: app.get(Engine) };
  }

  it('useClass: instantiates an options factory class, its dependencies taken from imports', async () => {
    const storage = new MemoryStorage();
    const module = application(
      FlowcacheModule.forRootAsync({ imports: [storageModule(storage)], useClass: FlowcacheConfig }),
    );
    const { runs, stored, engine } = await callTwice(module, storage);
    expect(runs).toBe(1);
    expect(stored).toBe(1);
    expect(engine.settings.memoryCacheSize).toBe(7);
  });

  it('useExisting: uses an options factory provider that an imported module exports', async () => {
    const storage = new MemoryStorage();
    @Module({ imports: [storageModule(storage)], providers: [FlowcacheConfig], exports: [FlowcacheConfig] })
    class ConfigModule {}
    const module = application(FlowcacheModule.forRootAsync({ imports: [ConfigModule], useExisting: FlowcacheConfig }));
    const { runs, stored, engine } = await callTwice(module, storage);
    expect(runs).toBe(1);
    expect(stored).toBe(1);
    expect(engine.settings.memoryCacheSize).toBe(7);
  });

  it('extraProviders: adds providers to the module for useFactory to inject', async () => {
    const storage = new MemoryStorage();
    const module = application(
      FlowcacheModule.forRootAsync({
        extraProviders: [{ provide: STORAGE, useValue: storage }],
        inject: [STORAGE],
        useFactory: (given: MemoryStorage) => ({ storage: given }),
      }),
    );
    const { runs, stored } = await callTwice(module, storage);
    expect(runs).toBe(1);
    expect(stored).toBe(1);
  });

  it('forRoot takes extraProviders and isGlobal beside the engine options', async () => {
    const storage = new MemoryStorage();
    const flowcache = FlowcacheModule.forRoot({
      storage,
      isGlobal: true,
      extraProviders: [{ provide: 'unused', useValue: 1 }],
    });
    const { runs, stored } = await callTwice(application(flowcache), storage);
    expect(runs).toBe(1);
    expect(stored).toBe(1);
  });

  describe('isGlobal', () => {
    @Injectable()
    class Reports {
      constructor(readonly engine: Engine) {}
    }

    @Module({ providers: [Reports] })
    class ReportsModule {}

    async function startupError(module: DynamicModule): Promise<unknown> {
      try {
        app = await createApp(module);
        await app.init();
        return undefined;
      } catch (error) {
        return error;
      }
    }

    it('is true by default: a feature module injects the engine without importing the module', async () => {
      const module = application(FlowcacheModule.forRoot({ storage: new MemoryStorage() }), [ReportsModule]);
      expect(await startupError(module)).toBeUndefined();
      expect(app!.get(Reports).engine).toBe(app!.get(Engine));
    });

    it('false: a feature module must import the module to inject the engine', async () => {
      const flowcache = FlowcacheModule.forRoot({ storage: new MemoryStorage(), isGlobal: false });
      const error = await startupError(application(flowcache, [ReportsModule]));
      expect(String(error)).toMatch(/Nest can't resolve dependencies of the Reports \(\?\)/);
    });

    it('false: a feature module importing a shared module that exports it gets the one engine', async () => {
      const flowcache = FlowcacheModule.forRoot({ storage: new MemoryStorage(), isGlobal: false });
      @Module({ imports: [flowcache], exports: [flowcache] })
      class SharedModule {}
      @Module({ imports: [SharedModule], providers: [Reports] })
      class FeatureModule {}
      expect(await startupError(application(flowcache, [SharedModule, FeatureModule]))).toBeUndefined();
      expect(app!.get(Reports).engine).toBe(app!.get(Engine));
      const rates = app!.get(Rates); // attached as with a global module
      await rates.download('EUR');
      await rates.download('EUR');
      expect(rates.downloads).toBe(1);
    });
  });

  it('rejects forRootAsync without exactly one of useFactory, useClass, useExisting, naming them', () => {
    expect(() => FlowcacheModule.forRootAsync({})).toThrow(
      new ConfigurationError(
        'FlowcacheModule.forRootAsync needs exactly one of useFactory (a function returning the engine options), ' +
          'useClass or useExisting (a class with createFlowcacheOptions()), got none',
      ),
    );
    expect(() => FlowcacheModule.forRootAsync({ useClass: FlowcacheConfig, useFactory: () => ({}) })).toThrow(
      /exactly one of .*, got useFactory, useClass$/,
    );
    expect(() => FlowcacheModule.forRootAsync({ useFactory: {} as never })).toThrow(
      new ConfigurationError('FlowcacheModule.forRootAsync useFactory must be a function, got [object Object]'),
    );
    expect(() => FlowcacheModule.forRootAsync(undefined as never)).toThrow(ConfigurationError);
  });

  it('rejects a forRoot that is not an object, and extras of the wrong type', () => {
    expect(() => FlowcacheModule.forRoot(null as never)).toThrow(
      new ConfigurationError('FlowcacheModule.forRoot options must be an object, got null'),
    );
    expect(() => FlowcacheModule.forRoot({ isGlobal: 'no' as never })).toThrow(
      new ConfigurationError('FlowcacheModule.forRoot isGlobal must be true or false, got no'),
    );
    expect(() => FlowcacheModule.forRootAsync({ useFactory: () => ({}), extraProviders: {} as never })).toThrow(
      new ConfigurationError('FlowcacheModule.forRootAsync extraProviders must be an array of providers'),
    );
  });
});
