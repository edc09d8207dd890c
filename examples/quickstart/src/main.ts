import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Container, injectable } from 'inversify';
import { Flow, installFlowcache, Task, taskInputHash } from '@flowcache/core';

@injectable()
export class Forecasts {
  modelCalls = 0;

  // taskInputHash: the same city gives the same key in every flow run, so the model runs once per city.
  @Task({ cacheKeyFn: taskInputHash })
  async predict(city: string): Promise<number> {
    this.modelCalls++;
    return city.length * 1.5; // stands in for an expensive model call
  }

  @Flow()
  async morningReport(cities: string[]): Promise<string> {
    const temperatures = await Promise.all(cities.map((city) => this.predict(city)));
    return cities.map((city, index) => `${city} ${temperatures[index]}°`).join(', ');
  }
}

export async function main(): Promise<void> {
  const container = new Container();
  installFlowcache(container); // once, before resolving services
  container.bind(Forecasts).toSelf().inSingletonScope();

  const forecasts = container.get(Forecasts);
  console.log(await forecasts.morningReport(['Oslo', 'Lima']));
  console.log(await forecasts.morningReport(['Oslo', 'Lima', 'Rome']));
  console.log(`model calls in this process: ${forecasts.modelCalls} (run it again: 0)`);
  // Each city was predicted at most once. Results are persisted (to ~/.flowcache/storage by default), so when
  // you run this again, the new process predicts none of them.
  assert.ok(forecasts.modelCalls <= 3);
}

if (require.main === module) void main();
