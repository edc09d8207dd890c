import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Container, injectable } from 'inversify';
import {
  installFlowcache,
  LOCK_MANAGER,
  MemoryLockManager,
  MemoryStorage,
  RESULT_STORAGE,
  Task,
  taskInputHash,
  type IsolationLevel,
} from '@flowcache/core';

const ONE_AT_A_TIME: IsolationLevel = 'SERIALIZABLE';
let trainings = 0;

@injectable()
class Trainer {
  // The first caller trains; callers in other processes wait for its lock, then read its stored result.
  @Task({ cacheKeyFn: taskInputHash, isolationLevel: ONE_AT_A_TIME })
  async train(dataset: string): Promise<string> {
    trainings++;
    await new Promise((resolve) => setTimeout(resolve, 30));
    return `model(${dataset})`;
  }
}

// Two containers stand for two worker processes; in production they share a bucket and file, S3 or Redis locks.
function worker(storage: MemoryStorage, locks: MemoryLockManager): Trainer {
  const container = new Container();
  container.bind(RESULT_STORAGE).toConstantValue(storage);
  container.bind(LOCK_MANAGER).toConstantValue(locks); // required: resolving Trainer fails without it
  installFlowcache(container);
  container.bind(Trainer).toSelf();
  return container.get(Trainer);
}

export async function main(): Promise<void> {
  const storage = new MemoryStorage();
  const locks = new MemoryLockManager();
  const [a, b] = [worker(storage, locks), worker(storage, locks)];
  const models = await Promise.all([a.train('sales'), b.train('sales')]);
  assert.deepEqual(models, ['model(sales)', 'model(sales)']);
  assert.equal(trainings, 1);
}
