import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Container, injectable } from 'inversify';
import {
  ConfigurationError,
  FLOWCACHE_ENGINE,
  FlowcachePlugin,
  flowcachePlugin,
  type FlowcachePluginClass,
  MemoryStorage,
  RESULT_STORAGE,
  Task,
  taskInputHash,
} from '@flowcache/core';

@injectable()
class Rates {
  fetches = 0;

  @Task({ cacheKeyFn: taskInputHash, persistResult: true })
  async rate(currency: string): Promise<number> {
    this.fetches++;
    return currency === 'EUR' ? 1.08 : 1;
  }
}

export async function main(): Promise<void> {
  // The plugin form: what installFlowcache(container, options) does, registered the inversify way.
  const plugin: FlowcachePluginClass = flowcachePlugin({ settings: { memoryCacheSize: 500 } });
  const container = new Container();
  container.register(plugin); // or container.register(FlowcachePlugin) for the default options
  const engine = container.get(FLOWCACHE_ENGINE);
  assert.equal(engine.results.maxEntries, 500);

  // RESULT_STORAGE (like RESULT_SERIALIZER and LOCK_MANAGER) is read at its first use, so it may be bound after
  // installing, e.g. by a module loaded later.
  const storage = new MemoryStorage(); // a directory or a bucket in production
  container.bind(RESULT_STORAGE).toConstantValue(storage);
  container.bind(Rates).toSelf().inSingletonScope();
  const rates = container.get(Rates);
  assert.equal(await rates.rate('EUR'), 1.08);
  assert.equal((await storage.list('')).objects.length, 1);

  // From that first use on the choice is fixed: a change would split results between two storages.
  container.rebind(RESULT_STORAGE).toConstantValue(new MemoryStorage());
  await assert.rejects(rates.rate('USD'), ConfigurationError);
  assert.equal(await rates.rate('EUR'), 1.08); // a memory hit needs no storage
  assert.equal(rates.fetches, 1);

  assert.throws(() => new Container().register(flowcachePlugin({ setings: {} } as never)), ConfigurationError);
  assert.throws(() => container.register(FlowcachePlugin), /already installed/);
}
