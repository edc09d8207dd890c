import 'reflect-metadata';
import { readdir } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { Controller, Get, Injectable, Module, Param, type DynamicModule } from '@nestjs/common';
import {
  Engine,
  Flow,
  MemoryStorage,
  Task,
  taskInputHash,
  type FlowRunEvent,
  type ResultStorage,
  type TaskRunEvent,
} from '@flowcache/core';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { FlowcacheModule } from '@flowcache/nestjs';
import { startApp, type RunningApp } from './support/startApp';
import { makeTemporaryDirectory, removeDirectory } from '../../../test/support/temporaryDirectory';

/** Stands in for @nestjs/config's ConfigService: values from a map, read by key. */
@Injectable()
class AppConfig {
  constructor(private readonly values: Map<string, string>) {}

  get(name: string): string {
    const value = this.values.get(name);
    if (value === undefined) throw new Error(`missing setting ${name}`);
    return value;
  }
}

function configModule(values: Record<string, string>): DynamicModule {
  return {
    module: class ConfigModule {},
    providers: [{ provide: AppConfig, useValue: new AppConfig(new Map(Object.entries(values))) }],
    exports: [AppConfig],
  };
}

@Injectable()
class Rates {
  downloads = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async download(base: string): Promise<Record<string, number>> {
    this.downloads++;
    return { base: base.length, USD: 1.08 };
  }

  // Written after the call returns; the flow waits for the write, and app.close() flushes any still pending.
  @Task({ cacheKeyFn: taskInputHash, persistMode: 'background' })
  async archive(base: string): Promise<string> {
    return `archived ${base}`;
  }

  @Flow()
  async daily(base: string): Promise<string> {
    const rates = await this.download(base);
    return `${base}: USD ${rates.USD}`;
  }
}

@Controller('rates')
class RatesController {
  constructor(private readonly rates: Rates) {}

  @Get(':base')
  daily(@Param('base') base: string): Promise<string> {
    return this.rates.daily(base);
  }
}

@Module({ controllers: [RatesController], providers: [Rates] })
class RatesModule {}

/** Counts writes and makes them slow, to show when background writes finish. */
class SlowStorage extends MemoryStorage {
  puts = 0;

  override async put(key: string, bytes: Uint8Array): Promise<void> {
    await sleep(100);
    await super.put(key, bytes);
    this.puts++;
  }
}

describe('FlowcacheModule.forRootAsync', () => {
  let storageDir: string;
  let running: RunningApp | undefined;
  beforeEach(async () => {
    storageDir = await makeTemporaryDirectory('nestjs-async');
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
    await removeDirectory(storageDir);
  });

  it('builds the engine from options made by an async factory with injected providers', async () => {
    const application: DynamicModule = {
      module: RatesModule,
      imports: [
        FlowcacheModule.forRootAsync({
          imports: [configModule({ CACHE_DIR: storageDir, MEMORY_CACHE_SIZE: '50' })],
          inject: [AppConfig],
          useFactory: async (config: AppConfig) => ({
            storage: new FileSystemStorage({ basePath: config.get('CACHE_DIR') }),
            settings: { memoryCacheSize: Number(config.get('MEMORY_CACHE_SIZE')) },
          }),
        }),
      ],
    };
    running = await startApp(application);
    const engine = running.app.get(Engine);
    expect(engine.settings.memoryCacheSize).toBe(50);
    expect((engine.storage as ResultStorage).location).toBe(new FileSystemStorage({ basePath: storageDir }).location);

    const taskRuns: TaskRunEvent[] = [];
    const flowRuns: FlowRunEvent[] = [];
    engine.onTaskRun((event) => taskRuns.push(event));
    engine.onFlowRun((event) => flowRuns.push(event));
    expect(await running.get('/rates/EUR')).toEqual({ status: 200, body: 'EUR: USD 1.08' });
    expect(await running.get('/rates/EUR')).toEqual({ status: 200, body: 'EUR: USD 1.08' });
    expect(running.app.get(Rates).downloads).toBe(1);
    expect(taskRuns.map((event) => event.state)).toEqual(['Completed', 'Cached']);
    expect(taskRuns[0].flowRunId).toBe(flowRuns[0].flowRunId);
    expect(flowRuns.map((event) => `${event.flowName} ${event.state}`)).toEqual([
      'Rates.daily Completed',
      'Rates.daily Completed',
    ]);
    expect(await readdir(storageDir)).toContain('_flowcache'); // the run history sits beside the records
  });

  it('finishes background writes when the application closes', async () => {
    const storage = new SlowStorage();
    running = await startApp({
      module: RatesModule,
      imports: [FlowcacheModule.forRootAsync({ useFactory: () => ({ storage }) })],
    });
    expect(await running.app.get(Rates).archive('EUR')).toBe('archived EUR');
    expect(storage.puts).toBe(0); // returned before the write
    await running.close();
    running = undefined;
    expect(storage.puts).toBe(1);
    expect((await storage.list('')).objects).toHaveLength(1);
  });
});
