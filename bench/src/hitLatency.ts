import 'reflect-metadata';
import { Cacheable } from '@type-cacheable/core';
import { useAdapter } from '@type-cacheable/lru-cache-adapter';
import { Engine, MemoryStorage, Task, taskInputHash } from '@flowcache/core';
import { LRUCache } from 'lru-cache';
import { measureInterleaved, printTable, type Measurement } from './measure';

const typeCacheableClient = useAdapter(new LRUCache<string, object>({ max: 1000 }));

interface Sale {
  region: string;
  amount: number;
}
const SALES: Sale[] = [{ region: 'eu', amount: 10 }];

class Direct {
  async loadSales(_day: string): Promise<Sale[]> {
    return SALES;
  }
}

class WithFlowcache {
  @Task({ cacheKeyFn: taskInputHash })
  async loadSales(_day: string): Promise<Sale[]> {
    return SALES;
  }
}

class WithTypeCacheable {
  @Cacheable({ client: typeCacheableClient })
  async loadSales(_day: string): Promise<Sale[]> {
    return SALES;
  }
}

/** Per-call time of a cache hit: flowcache's memory tier against @type-cacheable/core with lru-cache. */
export async function benchHitLatency(): Promise<Measurement[]> {
  const direct = new Direct();
  // The first call of each is a miss whose record goes to memory, not to the user's default storage.
  const flowcache = new Engine({ storage: new MemoryStorage() }).attach(new WithFlowcache());
  const observedEngine = new Engine({ storage: new MemoryStorage() });
  let observedRuns = 0;
  observedEngine.onTaskRun(() => observedRuns++);
  const observed = observedEngine.attach(new WithFlowcache());
  const typeCacheable = new WithTypeCacheable();
  const day = '2026-11-26';
  await flowcache.loadSales(day);
  await observed.loadSales(day);
  await typeCacheable.loadSales(day);

  const results = await measureInterleaved([
    { name: 'direct call (no cache)', run: () => direct.loadSales(day) },
    { name: 'flowcache memory hit', run: () => flowcache.loadSales(day) },
    { name: '@type-cacheable/core + lru-cache hit', run: () => typeCacheable.loadSales(day) },
    { name: 'flowcache memory hit, run events on', run: () => observed.loadSales(day) },
  ]);
  printTable('Cache hit latency (one awaited call)', results, '@type-cacheable/core + lru-cache hit');
  const ours = results[1].nsPerOp;
  const theirs = results[2].nsPerOp;
  console.log(
    `  goal: flowcache ≤ 0.15 × type-cacheable (measured ${(ours / theirs).toFixed(3)}) ` +
      `and ≤ 1.5 µs (measured ${(ours / 1000).toFixed(3)} µs)`,
  );
  if (observedRuns === 0) throw new Error('the run-event listener saw no runs');
  return results;
}
