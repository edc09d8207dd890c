import 'reflect-metadata';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import {
  Engine,
  explainKey,
  INPUTS,
  MemoryStorage,
  stableHash,
  Task,
  TASK_SOURCE,
  taskInputHash,
  UnhashableInputError,
  type CacheKeyFn,
} from '@flowcache/core';

/** Stands for a database or HTTP client: it holds a socket, which has no stable value. */
class WarehouseClient {
  readonly socket = new EventEmitter();
  constructor(readonly region: string) {}
  async rows(table: string): Promise<number> {
    return table.length;
  }
}

// The fix that states intent: the client is how the data is fetched, not which data; only its region matters.
const byTableAndRegion: CacheKeyFn = (context, [client, table]) =>
  `${context.task.name}/${(client as WarehouseClient).region}/${stableHash(table)}`;

class Reports {
  runs = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async naive(client: WarehouseClient, table: string): Promise<number> {
    this.runs++;
    return client.rows(table);
  }

  // Leave the client out of the key (by name or position)...
  @Task({ cachePolicy: INPUTS.without('client').add(TASK_SOURCE) })
  async withoutClient(client: WarehouseClient, table: string): Promise<number> {
    this.runs++;
    return client.rows(table);
  }

  // ...or pick what matters in a key function.
  @Task({ cacheKeyFn: byTableAndRegion })
  async keyed(client: WarehouseClient, table: string): Promise<number> {
    this.runs++;
    return client.rows(table);
  }

  @Task({ cacheKeyFn: taskInputHash, strictKeys: true }) // in tests and CI: fail instead of warning
  async strict(client: WarehouseClient, table: string): Promise<number> {
    return client.rows(table);
  }

  @Task({ cacheKeyFn: taskInputHash })
  async load(day: string, region = 'eu'): Promise<string> {
    this.runs++;
    return `${day}/${region}`;
  }
}

export async function main(): Promise<void> {
  const warnings: string[] = [];
  const engine = new Engine({ storage: new MemoryStorage(), logger: { warn: (message) => warnings.push(message) } });
  const reports = engine.attach(new Reports());
  const client = new WarehouseClient('eu');

  // Never a crash: the call runs uncached, and one warning per task names the value and the fixes.
  await reports.naive(client, 'sales');
  await reports.naive(client, 'sales');
  assert.equal(reports.runs, 2);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /Reports\.naive runs uncached .*cannot hash args\[0\]\.socket: an EventEmitter is a live/);
  assert.throws(() => explainKey(reports, 'naive', [client, 'sales']), UnhashableInputError); // to debug it

  reports.runs = 0;
  await reports.withoutClient(client, 'sales');
  await reports.withoutClient(new WarehouseClient('us'), 'sales'); // another client, same key
  await reports.keyed(client, 'sales');
  await reports.keyed(client, 'sales');
  assert.equal(reports.runs, 2);

  await assert.rejects(reports.strict(client, 'sales'), (error: unknown) => {
    return error instanceof UnhashableInputError && error.path === 'args[0].socket';
  });

  // Arguments are keyed as passed: a default value that was not passed is not part of the key.
  reports.runs = 0;
  await reports.load('2026-11-26');
  await reports.load('2026-11-26', undefined); // same as leaving it out
  await reports.load('2026-11-26', 'eu'); // same result, another key
  assert.equal(reports.runs, 2);
}
