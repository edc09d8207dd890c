/**
 * An application whose SERIALIZABLE task takes its lock in Redis, as the @flowcache/lock-redis README shows: your
 * ioredis client, a RedisLockManager bound as LOCK_MANAGER. The body sees its lock in
 * Redis; two containers stand for two runs of the application: the second call is a hit read from the files.
 * Usage: node dist/main.js <redis url> <storage directory>
 */
import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Container, injectable } from 'inversify';
import { Redis } from 'ioredis';
import {
  installFlowcache,
  LOCK_MANAGER,
  RESULT_STORAGE,
  Task,
  taskInputHash,
  type TaskRunState,
} from '@flowcache/core';
import { RedisLockManager } from '@flowcache/lock-redis';
import { FileSystemStorage } from '@flowcache/storage-fs';

let bodyRuns = 0;
const locksSeenByBody: string[][] = [];

@injectable()
class Trainer {
  @Task({ cacheKeyFn: taskInputHash, isolationLevel: 'SERIALIZABLE' })
  async train(dataset: string): Promise<string> {
    bodyRuns++;
    locksSeenByBody.push(await client.keys('flowcache:lock:*'));
    return `model(${dataset})`;
  }
}

let client: Redis;

async function callInFreshContainer(
  basePath: string,
  warnings: string[],
): Promise<{ value: unknown; states: TaskRunState[] }> {
  const container = new Container();
  container.bind(RESULT_STORAGE).toConstantValue(new FileSystemStorage({ basePath }));
  container.bind(LOCK_MANAGER).toConstantValue(new RedisLockManager({ client }));
  const engine = installFlowcache(container, { logger: { warn: (message) => warnings.push(message) } });
  const states: TaskRunState[] = [];
  engine.onTaskRun((event) => states.push(event.state));
  container.bind(Trainer).toSelf().inSingletonScope();
  const value = await container.get(Trainer).train('sales');
  await engine.flush();
  return { value, states };
}

async function main(): Promise<void> {
  const [redisUrl, basePath] = process.argv.slice(2);
  client = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
  try {
    const warnings: string[] = [];
    const first = await callInFreshContainer(basePath, warnings);
    const second = await callInFreshContainer(basePath, warnings);
    assert.equal(first.value, 'model(sales)');
    assert.equal(second.value, first.value);
    assert.deepEqual([...first.states, ...second.states], ['Completed', 'Cached']);
    assert.equal(bodyRuns, 1);
    assert.equal(locksSeenByBody[0].length, 1, `the body saw no lock in Redis: ${locksSeenByBody[0].join(', ')}`);
    assert.deepEqual(await client.keys('flowcache:lock:*'), []);
    assert.deepEqual(warnings, []);
    console.log(
      `first call ${first.states[0]} holding ${locksSeenByBody[0][0]}, ` +
        `second call ${second.states[0]}; the body ran ${bodyRuns} time`,
    );
  } finally {
    await client.quit();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
