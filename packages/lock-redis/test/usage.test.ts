import 'reflect-metadata';
import { expect, it } from '@jest/globals';
import { Container, injectable } from 'inversify';
import { Redis } from 'ioredis';
import {
  installFlowcache,
  LOCK_MANAGER,
  MemoryStorage,
  RESULT_STORAGE,
  Task,
  taskInputHash,
  type ResultStorage,
} from '@flowcache/core';
import { RedisLockManager } from '@flowcache/lock-redis';
import { describeWithRedis } from './support/useRedisServer';

let trainings = 0;

@injectable()
class Trainer {
  // The first caller trains holding the lock; the others wait for it, then read the stored result.
  @Task({ cacheKeyFn: taskInputHash, isolationLevel: 'SERIALIZABLE' })
  async train(dataset: string): Promise<string> {
    trainings++;
    await new Promise((resolve) => setTimeout(resolve, 50));
    return `model(${dataset})`;
  }
}

/** What each worker process does at startup: its own client, the shared server, the shared result storage. */
function startWorker(redisUrl: string, storage: ResultStorage): { trainer: Trainer; client: Redis } {
  // A command fails after one retry instead of twenty: a SERIALIZABLE call then runs without its lock quickly.
  const client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  const container = new Container();
  container.bind(RESULT_STORAGE).toConstantValue(storage);
  container.bind(LOCK_MANAGER).toConstantValue(new RedisLockManager({ client })); // before or after installFlowcache
  installFlowcache(container);
  container.bind(Trainer).toSelf().inSingletonScope();
  return { trainer: container.get(Trainer), client };
}

describeWithRedis('RedisLockManager bound as LOCK_MANAGER', (redis) => {
  it('lets one of two workers train, and the other read its result', async () => {
    // Two containers stand for two processes; in production they share S3 or files for results.
    const storage = new MemoryStorage();
    const workers = [startWorker(redis.url, storage), startWorker(redis.url, storage)];
    try {
      const models = await Promise.all(workers.map(({ trainer }) => trainer.train('sales')));
      expect(models).toEqual(['model(sales)', 'model(sales)']);
      expect(trainings).toBe(1);
    } finally {
      await Promise.all(workers.map(({ client }) => client.quit())); // the application closes its clients
    }
  });
});
