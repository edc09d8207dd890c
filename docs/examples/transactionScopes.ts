import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Engine, MemoryStorage, Task, taskInputHash, transaction, type TaskRunEvent } from '@flowcache/core';

class Catalog {
  fetches = 0;
  private release: (() => void) | undefined;
  failPublishing = true;

  @Task({ cacheKeyFn: taskInputHash })
  async fetchPage(page: number): Promise<string[]> {
    this.fetches++;
    return [`item-${page}-a`, `item-${page}-b`];
  }

  // A task that calls tasks: their results are part of this call's transaction.
  @Task({ cacheKeyFn: taskInputHash })
  async publish(pages: number[]): Promise<number> {
    let count = 0;
    for (const page of pages) count += (await this.fetchPage(page)).length;
    await this.fetchPage(pages[0]); // staged inside this call: a hit
    await new Promise<void>((resolve) => (this.release = resolve)); // paused, so others can look meanwhile
    if (this.failPublishing) throw new Error('search index unavailable');
    return count;
  }

  resume(): void {
    this.release?.();
  }
}

export async function main(): Promise<void> {
  const engine = new Engine({ storage: new MemoryStorage() });
  const events: TaskRunEvent[] = [];
  engine.onTaskRun((event) => events.push(event));
  const catalog = engine.attach(new Catalog());
  const pause = () => new Promise((resolve) => setTimeout(resolve, 10));

  // While `publish` runs, the pages it fetched are staged: invisible to everyone else.
  const failing = catalog.publish([1, 2]);
  await pause();
  await catalog.fetchPage(3);
  assert.equal(catalog.fetches, 3); // pages 1 and 2 inside publish, page 3 outside
  await catalog.fetchPage(1); // not committed yet: fetched again, and committed by this call on its own
  assert.equal(catalog.fetches, 4);

  // The outer call fails: what it staged is rolled back, never written, reported RolledBack.
  catalog.resume();
  await assert.rejects(failing, /search index unavailable/);
  const rolledBack = events.filter((event) => event.state === 'RolledBack').map((event) => event.taskName);
  assert.deepEqual(rolledBack, ['Catalog.fetchPage', 'Catalog.fetchPage']); // pages 2 and 1, latest first
  await catalog.fetchPage(2); // page 2 was only ever fetched inside the failed call: fetched again
  assert.equal(catalog.fetches, 5);

  // A call that succeeds commits its whole transaction when it ends.
  catalog.failPublishing = false;
  const succeeding = catalog.publish([4]);
  await pause();
  catalog.resume();
  assert.equal(await succeeding, 2);
  const before = catalog.fetches;
  await catalog.fetchPage(4);
  assert.equal(catalog.fetches, before); // committed with publish([4])

  // transaction(): 'lazy' (default) nested work commits with the outermost transaction; 'eager' at its own end.
  await assert.rejects(
    transaction(async () => {
      await transaction(() => catalog.fetchPage(5)); // lazy: rolled back with the outer transaction
      await transaction(() => catalog.fetchPage(6), { commitMode: 'eager' }); // committed at once, kept
      throw new Error('outer step failed');
    }),
    /outer step failed/,
  );
  const fetched = catalog.fetches;
  await catalog.fetchPage(6);
  assert.equal(catalog.fetches, fetched);
  await catalog.fetchPage(5);
  assert.equal(catalog.fetches, fetched + 1);
}
