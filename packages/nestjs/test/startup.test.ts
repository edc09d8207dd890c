import 'reflect-metadata';
import { Controller, Get, Inject, Injectable, Module, Scope, type DynamicModule, type Type } from '@nestjs/common';
import { REQUEST } from '@nestjs/core';
import { ConfigurationError, Engine, MemoryLockManager, MemoryStorage, Task, taskInputHash } from '@flowcache/core';
import { FlowcacheModule, type FlowcacheModuleOptions } from '@flowcache/nestjs';
import { createApp } from './support/startApp';

@Injectable()
class Trainer {
  @Task({ cacheKeyFn: taskInputHash, isolationLevel: 'SERIALIZABLE' })
  async train(dataset: string): Promise<string> {
    return `model(${dataset})`;
  }
}

@Injectable()
class TrainerWithItsOwnLocks {
  @Task({ cacheKeyFn: taskInputHash, isolationLevel: 'SERIALIZABLE', lockManager: new MemoryLockManager() })
  async train(dataset: string): Promise<string> {
    return `model(${dataset})`;
  }
}

@Injectable({ scope: Scope.REQUEST })
class PerRequestReports {
  @Task({ cacheKeyFn: taskInputHash })
  async load(day: string): Promise<string> {
    return day;
  }
}

/** Request-scoped because it depends on the request, not by its own scope. */
@Injectable()
class TenantReports {
  constructor(@Inject(REQUEST) readonly request: unknown) {}

  @Task({ cacheKeyFn: taskInputHash })
  async load(day: string): Promise<string> {
    return day;
  }
}

@Injectable({ scope: Scope.REQUEST })
class PerRequestContext {
  readonly startedAt = Date.now();
}

@Controller('plain')
class PlainController {
  constructor(readonly context: PerRequestContext) {}

  @Get()
  now(): number {
    return this.context.startedAt;
  }
}

@Module({})
class AppModule {}

function application(options: FlowcacheModuleOptions, providers: Type[], controllers: Type[] = []): DynamicModule {
  return { module: AppModule, imports: [FlowcacheModule.forRoot(options)], providers, controllers };
}

/** The error of starting the application (creating it and running its init hooks), if any. */
async function startupError(module: DynamicModule): Promise<unknown> {
  let app;
  try {
    app = await createApp(module);
    await app.init();
    return undefined;
  } catch (error) {
    return error;
  } finally {
    await app?.close();
  }
}

describe('FlowcacheModule at startup', () => {
  const storage = new MemoryStorage();

  it('fails with ConfigurationError if a SERIALIZABLE task has no lock manager, naming task and fix', async () => {
    const error = await startupError(application({ storage }, [Trainer]));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^Trainer \(in AppModule\): Trainer\.train is SERIALIZABLE/);
    expect((error as Error).message).toMatch(/FlowcacheModule\.forRoot\(\{ lockManager \}\)/);
  });

  it('starts when the module or the task has a lock manager', async () => {
    expect(
      await startupError(application({ storage, lockManager: new MemoryLockManager() }, [Trainer])),
    ).toBeUndefined();
    expect(await startupError(application({ storage }, [TrainerWithItsOwnLocks]))).toBeUndefined();
  });

  it('refuses request-scoped providers with tasks, whose instances it could not attach', async () => {
    const error = await startupError(application({ storage }, [PerRequestReports, TenantReports]));
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(
      new RegExp(
        String.raw`^PerRequestReports \(in AppModule\), TenantReports \(in AppModule\) have @Task\/@Flow methods ` +
          'but are request-scoped',
      ),
    );
  });

  it('leaves request-scoped providers and controllers without tasks alone', async () => {
    expect(await startupError(application({ storage }, [PerRequestContext], [PlainController]))).toBeUndefined();
  });

  it('refuses to be imported twice, which would build two engines', async () => {
    @Module({ imports: [FlowcacheModule.forRoot({ storage: new MemoryStorage() })] })
    class FeatureModule {}
    const module = application({ storage }, []);
    module.imports!.push(FeatureModule);
    const error = await startupError(module);
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/^FlowcacheModule is imported 2 times/);
  });

  it('starts beside unusual values (a promise-like object, a proxy answering everything)', async () => {
    const module = application({ storage, lockManager: new MemoryLockManager() }, [Trainer]);
    module.providers!.push(
      // biome-ignore lint/suspicious/noThenProperty: a promise-like provider value is the case under test
      { provide: 'promise-like', useValue: { then: (resolve: (value: number) => void) => resolve(1) } },
      { provide: 'proxy', useValue: new Proxy({}, { get: () => () => undefined }) },
    );
    const app = await createApp(module);
    try {
      await app.init();
      const states: string[] = [];
      app.get(Engine).onTaskRun((event) => states.push(event.state));
      await app.get(Trainer).train('sales');
      expect(states).toEqual(['Completed']); // Trainer is attached all the same
    } finally {
      await app.close();
    }
  });

  it('rejects unknown options and a forRootAsync without useFactory', async () => {
    const error = await startupError(
      application({ storage, lockManger: new MemoryLockManager() } as FlowcacheModuleOptions, []),
    );
    expect(error).toBeInstanceOf(ConfigurationError);
    expect((error as Error).message).toMatch(/unknown FlowcacheModule option "lockManger"/);
    expect(() => FlowcacheModule.forRootAsync({} as never)).toThrow(ConfigurationError);
  });
});
