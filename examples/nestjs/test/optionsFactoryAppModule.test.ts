import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { Engine, type TaskRunState } from '@flowcache/nestjs';
import { ForecastService } from '../src/appModule';
import { OptionsFactoryAppModule } from '../src/optionsFactoryAppModule';

describe('the NestJS example configured by an options factory class (useClass)', () => {
  let cacheDir: string;
  beforeEach(async () => {
    cacheDir = await mkdtemp(join(tmpdir(), 'flowcache-nestjs-options-factory-'));
    process.env.FORECAST_CACHE_DIR = cacheDir;
  });
  afterEach(async () => {
    delete process.env.FORECAST_CACHE_DIR;
    await rm(cacheDir, { recursive: true, force: true });
  });

  it('builds the engine from createFlowcacheOptions(): its settings, results in the configured directory', async () => {
    const app = await NestFactory.create(OptionsFactoryAppModule, { logger: false, abortOnError: false });
    try {
      await app.init();
      const engine = app.get(Engine);
      const states: TaskRunState[] = [];
      engine.onTaskRun((event) => states.push(event.state));
      expect(engine.settings.memoryCacheSize).toBe(500);
      const forecasts = app.get(ForecastService);
      expect(await forecasts.forecast('Oslo')).toEqual(await forecasts.forecast('Oslo'));
      expect(states).toEqual(['Completed', 'Cached']);
      expect(await readdir(cacheDir)).not.toEqual([]);
    } finally {
      await app.close();
    }
  });
});
