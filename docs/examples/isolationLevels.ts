import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Engine, explainKey, MemoryLockManager, MemoryStorage, Task, taskInputHash } from '@flowcache/core';

let trainings = 0;
const slowly = () => new Promise((resolve) => setTimeout(resolve, 30));

class Trainer {
  @Task({ cacheKeyFn: taskInputHash }) // READ_COMMITTED, the default
  async train(dataset: string): Promise<string> {
    trainings++;
    await slowly();
    return `model(${dataset})`;
  }

  @Task({ cacheKeyFn: taskInputHash, isolationLevel: 'SERIALIZABLE' })
  async trainOnce(dataset: string): Promise<string> {
    trainings++;
    await slowly();
    return `model(${dataset})`;
  }
}

export async function main(): Promise<void> {
  trainings = 0;
  const storage = new MemoryStorage(); // shared by every "process" below
  const locks = new MemoryLockManager(); // shared too: it stands for file, S3 or Redis locks
  const worker = (settings = {}, warnings: string[] = []) =>
    new Engine({ storage, lockManager: locks, settings, logger: { warn: (message) => warnings.push(message) } }).attach(
      new Trainer(),
    );

  // One engine: identical calls running at the same time share one execution, at any isolation level.
  const one = worker();
  await Promise.all([one.train('a'), one.train('a'), one.train('a')]);
  assert.equal(trainings, 1);

  // Two processes, READ_COMMITTED: each finds no record, both run the body, the later write wins.
  trainings = 0;
  await Promise.all([worker().train('b'), worker().train('b')]);
  assert.equal(trainings, 2);

  // SERIALIZABLE: the first takes the key's lock and runs; the other waits, then reads the committed record.
  trainings = 0;
  await Promise.all([worker().trainOnce('c'), worker().trainOnce('c')]);
  assert.equal(trainings, 1);

  // A lock held longer than lockWaitMs never blocks for ever: the call runs without it and says so.
  trainings = 0;
  const warnings: string[] = [];
  const impatient = worker({ lockWaitMs: 50 }, warnings);
  const key = explainKey(impatient, 'trainOnce', ['d']).key!;
  const stuck = await locks.acquire(key, 'a worker that hangs', { leaseMs: 60_000 });
  assert.equal(await impatient.trainOnce('d'), 'model(d)');
  assert.equal(trainings, 1);
  assert.match(warnings[0], /Trainer\.trainOnce runs without its lock: another holder kept it too long/);
  await locks.release(stuck!);
}
