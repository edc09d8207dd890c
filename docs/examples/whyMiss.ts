import 'reflect-metadata';
import assert from 'node:assert/strict';
import {
  Engine,
  explainKey,
  INPUTS,
  MemoryStorage,
  Task,
  TASK_SOURCE,
  taskInputHash,
  withCacheOverrides,
  type KeyComponent,
} from '@flowcache/core';

interface Filter {
  region: string;
  requestId: string; // differs on every request: it must not be part of the key
}

class Sales {
  @Task({ cacheKeyFn: taskInputHash, cacheExpiration: { hours: 1 } })
  async total(day: string, filter: Filter): Promise<number> {
    return day.length + filter.region.length;
  }

  @Task({ cachePolicy: INPUTS.add(TASK_SOURCE) })
  async byRegion(region: string, requestId: string): Promise<number> {
    return region.length;
  }

  @Task({ cacheKeyFn: (_context, [day]) => `custom/${String(day)}` })
  async custom(day: string): Promise<string> {
    return day;
  }
}

export async function main(): Promise<void> {
  let now = Date.UTC(2026, 10, 26, 9);
  const storage = new MemoryStorage();
  const warnings: string[] = [];
  const engine = new Engine({ storage, clock: () => now, logger: { warn: (message) => warnings.push(message) } });
  // Subscribe first: misses are explained only while someone listens (or the flow run's history is kept).
  const misses: string[] = [];
  engine.onTaskRun(({ taskName, state, cacheMiss }) => {
    if (cacheMiss === undefined) return; // a hit, or an uncached call
    const changed = cacheMiss.changed === undefined ? 'unknown' : `[${cacheMiss.changed.join(', ')}]`;
    misses.push(`${taskName} ${state} ${cacheMiss.reason}, changed: ${changed}`);
  });
  const sales = engine.attach(new Sales());

  await sales.total('2026-11-26', { region: 'eu', requestId: 'r-1' });
  await sales.total('2026-11-26', { region: 'eu', requestId: 'r-2' });
  assert.deepEqual(misses.splice(0), [
    'Sales.total Completed absent, changed: unknown', // the first miss in this engine: nothing to compare with
    'Sales.total Completed absent, changed: [inputs.filter]', // the request id is inside `filter`
  ]);

  // explainKey compares two calls part by part, without running them.
  const parts = (requestId: string): readonly KeyComponent[] =>
    explainKey(sales, 'byRegion', ['eu', requestId]).components;
  const [a, b] = [parts('r-1'), parts('r-2')];
  assert.deepEqual(
    a.filter((component, index) => component.digest !== b[index].digest).map((component) => component.name),
    ['inputs.requestId'],
  );

  // The other reasons: expired, refresh, unreadable.
  now += 2 * 3_600_000;
  await sales.total('2026-11-26', { region: 'eu', requestId: 'r-2' });
  await withCacheOverrides({ refresh: true }, () => sales.total('2026-11-26', { region: 'eu', requestId: 'r-2' }));
  const key = explainKey(sales, 'custom', ['2026-11-26']).key!;
  await storage.put(key, new TextEncoder().encode('not a record'));
  await sales.custom('2026-11-26');
  assert.deepEqual(misses.splice(0), [
    'Sales.total Completed expired, changed: []', // same key as before: it was the record's age
    'Sales.total Completed refresh, changed: []',
    'Sales.custom Completed unreadable, changed: unknown', // a custom cacheKeyFn: its parts are unknown
  ]);
  assert.match(warnings[0], /Sales\.custom recomputes and overwrites a stored result in memory:\/\/default/);
}
