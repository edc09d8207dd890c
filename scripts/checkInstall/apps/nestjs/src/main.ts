/**
 * A NestJS application using FlowcacheModule as the @flowcache/nestjs README shows: a provider with a @Task, one
 * engine for the application over a file storage. Two application contexts stand for two runs of the
 * application: the second call is a hit read from the files.
 * Usage: node dist/main.js <storage directory>
 */
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Engine, Task, taskInputHash, type TaskRunState } from '@flowcache/core';
import { FlowcacheModule } from '@flowcache/nestjs';
import { FileSystemStorage } from '@flowcache/storage-fs';

let bodyRuns = 0;

@Injectable()
export class ForecastService {
  @Task({ cacheKeyFn: taskInputHash })
  async forecast(city: string): Promise<{ city: string; celsius: number[] }> {
    bodyRuns++;
    return { city, celsius: [0, 1, 2].map((hour) => city.length + hour) };
  }
}

function appModule(basePath: string, warnings: string[]): DynamicModule {
  @Module({})
  class AppModule {}
  return {
    module: AppModule,
    imports: [
      FlowcacheModule.forRoot({
        storage: new FileSystemStorage({ basePath }),
        logger: { warn: (message: string) => warnings.push(message) },
      }),
    ],
    providers: [ForecastService],
  };
}

async function callInFreshApplication(
  basePath: string,
  warnings: string[],
): Promise<{ value: unknown; states: TaskRunState[] }> {
  const app = await NestFactory.createApplicationContext(appModule(basePath, warnings), { logger: ['error', 'warn'] });
  try {
    const states: TaskRunState[] = [];
    app.get(Engine).onTaskRun((event) => states.push(event.state));
    const value = await app.get(ForecastService).forecast('Oslo');
    return { value, states };
  } finally {
    await app.close();
  }
}

async function main(): Promise<void> {
  const basePath = process.argv[2];
  const warnings: string[] = [];
  const first = await callInFreshApplication(basePath, warnings);
  const second = await callInFreshApplication(basePath, warnings);
  assert.deepEqual(first.value, { city: 'Oslo', celsius: [4, 5, 6] });
  assert.deepEqual(second.value, first.value);
  assert.deepEqual([...first.states, ...second.states], ['Completed', 'Cached']);
  assert.equal(bodyRuns, 1);
  assert.deepEqual(warnings, []);
  console.log(
    `first call ${first.states[0]}, second call ${second.states[0]} (from ${basePath}); the body ran ${bodyRuns} time`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
