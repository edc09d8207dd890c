import 'reflect-metadata';
import assert from 'node:assert/strict';
import {
  Engine,
  explainKey,
  FLOW_PARAMETERS,
  Flow,
  MemoryStorage,
  Task,
  TASK_SOURCE,
  taskInputHash,
} from '@flowcache/core';

// One task per scope: how long a result is reused depends only on what its key is made of.
class Scopes {
  @Task() // DEFAULT = inputs + runId + taskSource: within one flow run
  async perRun(day: string): Promise<string> {
    return `run ${day}`;
  }

  @Task({ cacheKeyFn: taskInputHash }) // the task and its arguments: across flow runs, processes and restarts
  async shared(day: string): Promise<{ day: string }> {
    return { day };
  }

  @Task({ cachePolicy: FLOW_PARAMETERS.add(TASK_SOURCE) }) // per set of flow parameters, whatever the arguments
  async perParameters(note: string): Promise<string> {
    return note;
  }

  @Flow()
  async nightly(day: string): Promise<void> {
    await this.perRun(day);
    await this.perRun(day); // same flow run: a hit
    await this.shared(day);
    await this.perParameters(`written at ${Date.now()}`);
  }
}

// Two builds of one class whose method text differs: the source is part of the key, unless `version` pins it.
function firstBuild() {
  class Pricing {
    @Task({ cacheKeyFn: taskInputHash })
    async price(sku: string): Promise<number> {
      return sku.length;
    }

    @Task({ cacheKeyFn: taskInputHash, version: 'prices-2026-11' })
    async pinned(sku: string): Promise<number> {
      return sku.length;
    }
  }
  return new Pricing();
}
function secondBuild() {
  class Pricing {
    @Task({ cacheKeyFn: taskInputHash })
    async price(sku: string): Promise<number> {
      return sku.length * 1; // edited
    }

    @Task({ cacheKeyFn: taskInputHash, version: 'prices-2026-11' })
    async pinned(sku: string): Promise<number> {
      return sku.length * 1; // edited, same version
    }
  }
  return new Pricing();
}

export async function main(): Promise<void> {
  const storage = new MemoryStorage(); // a directory or a bucket in production
  const engine = new Engine({ storage });
  const states: string[] = [];
  engine.onTaskRun((event) => states.push(`${event.taskName.split('.')[1]} ${event.state}`));
  const scopes = engine.attach(new Scopes());

  await scopes.nightly('2026-11-26');
  await scopes.nightly('2026-11-26'); // a new flow run, same parameters
  assert.deepEqual(states, [
    'perRun Completed',
    'perRun Cached',
    'shared Completed',
    'perParameters Completed',
    'perRun Completed', // the new run has a new run id
    'perRun Cached',
    'shared Cached', // same task, same arguments
    'perParameters Cached', // same flow parameters, although its argument differs
  ]);

  // A persisted result's cache key is its storage key. DEFAULT results are kept in memory only (no option asks
  // for persistence); the cache options of `shared` and `perParameters` imply it.
  const stored = (await storage.list('')).objects.map((object) => object.key);
  const sharedKey = explainKey(scopes, 'shared', ['2026-11-26']).key!;
  assert.ok(stored.includes(sharedKey));
  assert.equal(stored.filter((key) => !key.startsWith('_flowcache/')).length, 2); // the rest is run history

  // A memory hit returns the very object the body returned; a hit read from storage, a fresh copy of it.
  const first = await scopes.shared('2026-11-26');
  assert.equal(await scopes.shared('2026-11-26'), first);
  const restarted = new Engine({ storage }).attach(new Scopes()); // a new process sharing the storage
  const fromStorage = await restarted.shared('2026-11-26');
  assert.deepEqual(fromStorage, first);
  assert.notEqual(fromStorage, first);

  // Editing a method changes its keys; with `version`, only changing the version does.
  const [before, after] = [firstBuild(), secondBuild()];
  assert.notEqual(explainKey(before, 'price', ['sku-1']).key, explainKey(after, 'price', ['sku-1']).key);
  assert.equal(explainKey(before, 'pinned', ['sku-1']).key, explainKey(after, 'pinned', ['sku-1']).key);
}
