import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Engine, Flow, MemoryStorage, Task, taskInputHash, type ResultStorage } from '@flowcache/core';

/** A storage whose writes wait until `finishWrites()`: it stands for a slow disk or a distant bucket. */
class SlowStorage extends MemoryStorage {
  private pending: (() => void)[] = [];

  override async put(key: string, bytes: Uint8Array): Promise<void> {
    await new Promise<void>((resolve) => this.pending.push(resolve));
    return super.put(key, bytes);
  }

  finishWrites(): void {
    for (const resolve of this.pending.splice(0)) resolve();
  }
}

class Exports {
  @Task({ cacheKeyFn: taskInputHash }) // persistMode 'sync', the default
  async render(id: string): Promise<string> {
    return `report ${id}`;
  }

  @Task({ cacheKeyFn: taskInputHash, persistMode: 'background' })
  async renderFast(id: string): Promise<string> {
    return `report ${id}`;
  }

  @Flow()
  async renderAll(ids: string[]): Promise<string[]> {
    return Promise.all(ids.map((id) => this.renderFast(id)));
  }
}

const settled = async (promise: Promise<unknown>): Promise<boolean> => {
  let done = false;
  void promise.then(() => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 20));
  return done;
};
const records = async (storage: ResultStorage) => (await storage.list('')).objects.length;

export async function main(): Promise<void> {
  const storage = new SlowStorage();
  // runHistory off, so the only writes are the results'.
  const engine = new Engine({ storage, settings: { runHistory: false } });
  const exports = engine.attach(new Exports());

  // sync: a miss returns only once its record is written; a slow storage slows every miss by one write.
  const sync = exports.render('r-1');
  assert.equal(await settled(sync), false);
  storage.finishWrites();
  await sync;
  assert.equal(await records(storage), 1);

  // background: the call returns when the body does; the record is written afterwards.
  assert.equal(await exports.renderFast('r-2'), 'report r-2');
  assert.equal(await records(storage), 1);
  const flushed = engine.flush(); // before the process exits, or the write is lost (flowcache warns at exit)
  storage.finishWrites();
  await flushed;
  assert.equal(await records(storage), 2);

  // A flow waits for the background writes of its tasks before it returns.
  const flow = exports.renderAll(['r-3', 'r-4']);
  assert.equal(await settled(flow), false);
  storage.finishWrites();
  await flow;
  assert.equal(await records(storage), 4);
}
