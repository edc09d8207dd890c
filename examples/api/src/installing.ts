import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Container, inject, injectable } from 'inversify';
import {
  FLOWCACHE_ENGINE,
  FLOWCACHE_LOGGER,
  FLOWCACHE_SETTINGS,
  installFlowcache,
  MemoryTier,
  MEMORY_TIER,
  Task,
  taskInputHash,
  type FlowcacheSettings,
  type Logger,
} from '@flowcache/core';

@injectable()
class Prices {
  lookups = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async priceOf(sku: string): Promise<number> {
    this.lookups++;
    return sku.length * 10;
  }
}

@injectable()
class Checkout {
  constructor(@inject('prices') private readonly prices: Prices) {}

  async total(skus: string[]): Promise<number> {
    let sum = 0;
    for (const sku of skus) sum += await this.prices.priceOf(sku);
    return sum;
  }
}

export async function main(): Promise<void> {
  const container = new Container();
  // Defaults can be given here, or bound under their tokens before installing (bound values win).
  const warnings: string[] = [];
  const logger: Logger = { warn: (message) => warnings.push(message) };
  container.bind(MEMORY_TIER).toConstantValue(new MemoryTier(10_000));
  const engine = installFlowcache(container, { settings: { memoryCacheSize: 500 }, logger });

  // Any binding works: toSelf, a token, a constant, a factory; singleton or transient.
  container.bind('prices').to(Prices).inSingletonScope();
  container.bind(Checkout).toSelf();

  assert.equal(await container.get(Checkout).total(['apple', 'pear', 'apple']), 140);
  assert.equal(container.get<Prices>('prices').lookups, 2);

  assert.equal(container.get(FLOWCACHE_ENGINE), engine);
  const settings: FlowcacheSettings = container.get(FLOWCACHE_SETTINGS);
  assert.equal(settings.memoryCacheSize, 500);
  assert.equal(container.get(MEMORY_TIER).maxEntries, 10_000); // the pre-bound store won
  assert.equal(container.get(FLOWCACHE_LOGGER), logger);
  assert.deepEqual(warnings, []);
}
