import 'reflect-metadata';
import assert from 'node:assert/strict';
import {
  Engine,
  MemoryStorage,
  Task,
  taskInputHash,
  type Invalidation,
  type InvalidateOptions,
  type InvalidationTarget,
} from '@flowcache/core';

class Sales {
  loads = 0;

  @Task({ cacheKeyFn: (_context, [day]) => `sales/${day as string}`, persistResult: true })
  async load(day: string): Promise<string> {
    return `sales of ${day} #${++this.loads}`;
  }

  @Task({ cacheKeyFn: taskInputHash, persistResult: false }) // memory only
  async rates(currency: string): Promise<number> {
    this.loads++;
    return currency === 'EUR' ? 1 : 1.1;
  }
}

export async function main(): Promise<void> {
  const storage = new MemoryStorage(); // shared by both processes below, as a bucket or a shared disk would be
  let now = Date.UTC(2026, 10, 26, 9);
  const clock = () => now; // tests move time instead of sleeping
  const api = new Engine({ storage, clock });
  const worker = new Engine({ storage, clock, settings: { memoryRevalidateMs: 1000 } });
  const sales = api.attach(new Sales());
  const workerSales = worker.attach(new Sales());

  assert.equal(await sales.load('2026-11-26'), 'sales of 2026-11-26 #1');
  assert.equal(await sales.load('2026-11-27'), 'sales of 2026-11-27 #2');
  assert.equal(await workerSales.load('2026-11-26'), 'sales of 2026-11-26 #1'); // read from storage, kept in memory

  // One key, in memory and in storage: the next call runs the body.
  const oneDay: InvalidationTarget = { key: 'sales/2026-11-26' };
  const removed: Invalidation = await api.invalidate(oneDay);
  assert.deepEqual(removed, {
    memory: ['sales/2026-11-26'],
    stored: [{ location: storage.location, keys: ['sales/2026-11-26'] }],
  });
  assert.equal(await sales.load('2026-11-26'), 'sales of 2026-11-26 #3');

  // The worker serves its memory copy until memoryRevalidateMs has passed since it last checked the record; then
  // a hit reads the record's header, finds another record there, and serves that one.
  assert.equal(await workerSales.load('2026-11-26'), 'sales of 2026-11-26 #1');
  now += 1000;
  assert.equal(await workerSales.load('2026-11-26'), 'sales of 2026-11-26 #3');

  // Every result of a task (by method reference, or by name: 'Sales.load'), from memory only: records stay.
  const memoryOnly: InvalidateOptions = { memoryOnly: true };
  const dropped = await api.invalidate({ task: Sales.prototype.load }, memoryOnly);
  assert.deepEqual(dropped.memory.sort(), ['sales/2026-11-26', 'sales/2026-11-27']);
  assert.equal(await sales.load('2026-11-27'), 'sales of 2026-11-27 #2'); // read back from storage, not run
  assert.equal(sales.loads, 3);

  // Everything: memory-only results too, and every record in the storages this engine reads from.
  await sales.rates('USD');
  await api.invalidate('all');
  await sales.rates('USD');
  assert.equal(sales.loads, 5);
}
