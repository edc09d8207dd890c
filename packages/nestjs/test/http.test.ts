import 'reflect-metadata';
import { readdir } from 'node:fs/promises';
import { Controller, Get, Injectable, Module, Param, type DynamicModule } from '@nestjs/common';
import { Engine, Task, taskInputHash, type TaskRunEvent } from '@flowcache/core';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { FlowcacheModule } from '@flowcache/nestjs';
import { startApp, type RunningApp } from './support/startApp';
import { makeTemporaryDirectory, removeDirectory } from '../../../test/support/temporaryDirectory';

@Injectable()
class Forecasts {
  modelRuns = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async predict(city: string): Promise<{ city: string; celsius: number }> {
    this.modelRuns++;
    return { city, celsius: city.length * 2 };
  }
}

@Controller('forecasts')
class ForecastsController {
  constructor(private readonly forecasts: Forecasts) {}

  @Get(':city')
  predict(@Param('city') city: string): Promise<{ city: string; celsius: number }> {
    return this.forecasts.predict(city);
  }
}

@Module({ controllers: [ForecastsController], providers: [Forecasts] })
class ForecastsModule {}

/** A new application on `storageDir`: a new module, a new engine, empty memory, as in a new process. */
function application(storageDir: string): DynamicModule {
  return {
    module: ForecastsModule,
    imports: [FlowcacheModule.forRoot({ storage: new FileSystemStorage({ basePath: storageDir }) })],
  };
}

describe('a Nest application with FlowcacheModule, over HTTP', () => {
  let storageDir: string;
  let running: RunningApp | undefined;
  beforeEach(async () => {
    storageDir = await makeTemporaryDirectory('nestjs');
  });
  afterEach(async () => {
    await running?.close();
    running = undefined;
    await removeDirectory(storageDir);
  });

  it('serves the second request of a GET endpoint from the cache, without running the body again', async () => {
    running = await startApp(application(storageDir));
    const events: TaskRunEvent[] = [];
    running.app.get(Engine).onTaskRun((event) => events.push(event));

    const first = await running.get('/forecasts/Oslo');
    const second = await running.get('/forecasts/Oslo');
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(JSON.parse(second.body)).toEqual({ city: 'Oslo', celsius: 8 });
    expect(second.body).toBe(first.body);
    expect(running.app.get(Forecasts).modelRuns).toBe(1);
    expect(events.map((event) => `${event.taskName} ${event.state}`)).toEqual([
      'Forecasts.predict Completed',
      'Forecasts.predict Cached',
    ]);
  });

  it('persists results to the storage, where a second application (new module, new engine) reads them', async () => {
    running = await startApp(application(storageDir));
    const first = await running.get('/forecasts/Lima');
    const firstEngine = running.app.get(Engine);
    await running.close();
    expect((await readdir(storageDir)).length).toBeGreaterThan(0);

    running = await startApp(application(storageDir));
    const engine = running.app.get(Engine);
    expect(engine).not.toBe(firstEngine);
    const states: string[] = [];
    engine.onTaskRun((event) => states.push(event.state));
    const second = await running.get('/forecasts/Lima');
    expect(second).toEqual(first);
    expect(running.app.get(Forecasts).modelRuns).toBe(0);
    expect(states).toEqual(['Cached']);
  });
});
