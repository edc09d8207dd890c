import 'reflect-metadata';
import assert from 'node:assert/strict';
import {
  currentTransaction,
  Engine,
  Flow,
  INPUTS,
  MemoryStorage,
  NONE,
  Task,
  TASK_SOURCE,
  transaction,
  type AsyncMethodDecorator,
  type TaskOptions,
  type TaskRunState,
} from '@flowcache/core';

// PREFECT_TASKS_DEFAULT_NO_CACHE has no setting here; a preset decorator gives the same default explicitly.
const UncachedTask = (options: TaskOptions = {}): AsyncMethodDecorator => Task({ cachePolicy: NONE, ...options });

class Sales {
  loads = 0;
  attempts = 0;

  // @task(cache_policy=TASK_SOURCE + INPUTS - "debug", cache_expiration=timedelta(hours=1),
  //       retries=2, retry_delay_seconds=0.01)
  @Task({
    cachePolicy: INPUTS.without('debug').add(TASK_SOURCE),
    cacheExpiration: { hours: 1 },
    retries: 2,
    retryDelay: { milliseconds: 10 },
  })
  async load(day: string, debug = false): Promise<number[]> {
    this.loads++;
    if (++this.attempts === 1) throw new Error('warehouse busy'); // retried; failures are never cached
    return [day.length, debug ? 1 : 0];
  }

  // @task(result_storage_key="sales/{parameters[day]}")
  @Task({ resultStorageKey: 'sales/{parameters.day}' })
  async summary(day: string): Promise<string> {
    return `summary of ${day}`;
  }

  // @task(persist_result=False) disables caching in Prefect; here it only keeps results out of the storage.
  @Task({ cachePolicy: INPUTS.add(TASK_SOURCE), persistResult: false })
  async preview(day: string): Promise<string> {
    return `preview of ${day}`;
  }

  @UncachedTask()
  async notify(day: string): Promise<string> {
    return `${currentTransaction()?.get<string>('channel')} ${day}`;
  }

  @Flow()
  async nightly(day: string): Promise<string> {
    await this.load(day, true);
    await this.preview(day);
    return this.summary(day);
  }
}

export async function main(): Promise<void> {
  const storage = new MemoryStorage();
  const engine = new Engine({ storage, settings: { runHistory: false } });
  const states: TaskRunState[] = [];
  engine.onTaskRun((event) => states.push(event.state));
  const sales = engine.attach(new Sales());

  // Composition is commutative here: the order of + never changes a key.
  assert.equal(String(TASK_SOURCE.add(INPUTS.without('debug'))), String(INPUTS.without('debug').add(TASK_SOURCE)));

  await sales.nightly('2026-11-26');
  await sales.nightly('2026-11-26');
  assert.equal(sales.loads, 2); // one failed attempt, one retry, then cached across flow runs
  assert.deepEqual(states, ['Completed', 'Completed', 'Completed', 'Cached', 'Cached', 'Cached']);
  const keys = (await storage.list('')).objects.map((object) => object.key);
  assert.ok(keys.includes('sales/2026-11-26')); // the template is the storage key and the cache key
  assert.equal(keys.length, 2); // load and summary; preview stayed in memory, and was still a hit

  // PREFECT_TASKS_REFRESH_CACHE: a setting, or FLOWCACHE_REFRESH_CACHE, read when the engine is made.
  process.env.FLOWCACHE_REFRESH_CACHE = 'true';
  try {
    const refreshing = new Engine({ storage }).attach(new Sales());
    refreshing.attempts = 1;
    await refreshing.load('2026-11-26');
    assert.equal(refreshing.loads, 1); // ran although a record exists, and overwrote it
  } finally {
    delete process.env.FLOWCACHE_REFRESH_CACHE;
  }

  // with transaction(key=..., commit_mode=CommitMode.EAGER) as txn: txn.set("channel", "#sales")
  const sent = await transaction(
    async (tx) => {
      tx.set('channel', '#sales');
      return sales.notify('2026-11-26');
    },
    { key: 'notify/2026-11-26', commitMode: 'eager', engine },
  );
  assert.equal(sent, '#sales 2026-11-26');
}
