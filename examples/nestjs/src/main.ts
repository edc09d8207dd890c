/**
 * Starts the forecast application on a free port, asks for the same forecast twice over HTTP and prints how long
 * each request took: the first runs the model, the second is served from the cache. Results are persisted to
 * ./.flowcache (FORECAST_CACHE_DIR), so when you run it again both requests are served from the files.
 */
import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import { Engine, type TaskRunState } from '@flowcache/nestjs';
import { AppModule } from './appModule';

/** Runs the demo; `print` receives each output line. Returns how each request's task run ended. */
export async function main(print: (line: string) => void = console.log): Promise<TaskRunState[]> {
  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
  const states: TaskRunState[] = [];
  app.get(Engine).onTaskRun((event) => states.push(event.state));
  await app.listen(0, '127.0.0.1');
  try {
    const { port } = app.getHttpServer().address() as AddressInfo;
    for (const request of [1, 2]) {
      const started = performance.now();
      const response = await fetch(`http://127.0.0.1:${port}/forecasts/Oslo`);
      const body = await response.text();
      const milliseconds = (performance.now() - started).toFixed(1);
      print(`request ${request}: ${response.status} ${body} in ${milliseconds} ms (${states.at(-1)})`);
    }
    print(states[1] === 'Cached' ? 'the second request was served from the cache' : 'the second request ran the model');
  } finally {
    await app.close(); // also waits for pending background writes
  }
  return states;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
