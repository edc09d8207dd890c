import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Engine,
  MemoryLockManager,
  MemoryStorage,
  Task,
  taskInputHash,
  type IsolationLevel,
  type LockManager,
  type ResultStorage,
} from '@flowcache/core';
import { FileSystemLockManager, FileSystemStorage } from '@flowcache/storage-fs';
import { RedisLockManager } from '@flowcache/lock-redis';
import { S3LockManager, S3Storage } from '@flowcache/storage-s3';
import { Redis } from 'ioredis';
import { redisServerMissing, startRedisServer } from '../../packages/lock-redis/test/support/redisServer';
import { startS3rver } from '../../packages/storage-s3/test/support/s3rverFixture';
import { measureInterleaved, printTable } from './measure';

/**
 * One place where workers meet: a lock manager and a result storage, each `worker()` call making the pair a new
 * process would make (its own client, its own manager instance).
 */
interface LockBackend {
  readonly name: string;
  worker(): { locks: LockManager; storage: ResultStorage };
}

const STAMPEDE_CALLERS = 32;
const BODY_MS = 50;

/**
 * Lock managers compared: acquire + release of a free key, interleaved in one process, and a stampede of 32
 * callers (each with its own engine and lock manager instance, as separate processes would have) on one key of a
 * SERIALIZABLE task whose body takes 50 ms, against the same stampede under READ_COMMITTED.
 */
export async function benchLocks(): Promise<void> {
  console.log('\nLocks');
  const directory = await mkdtemp(path.join(tmpdir(), 'flowcache-bench-locks-'));
  const s3 = await startS3rver({ bucket: 'flowcache-bench-locks' });
  const redisMissing = redisServerMissing();
  if (redisMissing !== undefined) console.log(`  Redis left out: ${redisMissing}`);
  const redis = redisMissing === undefined ? await startRedisServer() : undefined;
  const redisClients: Redis[] = [];
  try {
    const memoryLocks = new MemoryLockManager();
    const memoryStorage = new MemoryStorage();
    const backends: LockBackend[] = [
      { name: 'memory', worker: () => ({ locks: memoryLocks, storage: memoryStorage }) },
      {
        name: 'file system',
        worker: () => ({
          locks: new FileSystemLockManager({ directory: path.join(directory, 'locks') }),
          storage: new FileSystemStorage({ basePath: path.join(directory, 'results') }),
        }),
      },
      {
        name: 's3 (s3rver)',
        worker: () => {
          const client = s3.createClient();
          return {
            locks: new S3LockManager({ client, bucket: s3.bucket }),
            storage: new S3Storage({ client, bucket: s3.bucket, prefix: 'results' }),
          };
        },
      },
    ];
    if (redis !== undefined) {
      backends.push({
        name: 'redis',
        worker: () => {
          const client = new Redis(redis.url);
          redisClients.push(client);
          return {
            locks: new RedisLockManager({ client }),
            storage: new FileSystemStorage({ basePath: path.join(directory, 'redis-results') }),
          };
        },
      });
    }
    await benchAcquireRelease(backends);
    console.log(`\n  stampede: ${STAMPEDE_CALLERS} callers, one key, body ${BODY_MS} ms`);
    for (const backend of backends) {
      for (const isolationLevel of ['SERIALIZABLE', 'READ_COMMITTED'] as const) {
        const { executions, wallMs } = await stampede(backend, isolationLevel);
        console.log(
          `  ${backend.name.padEnd(14)} ${isolationLevel.padEnd(15)} executions ${String(executions).padStart(2)}` +
            `   wall ${wallMs.toFixed(0).padStart(5)} ms`,
        );
      }
    }
  } finally {
    await Promise.all(redisClients.map((client) => client.quit()));
    await redis?.stop();
    await s3.close();
    await rm(directory, { recursive: true, force: true });
  }
}

async function benchAcquireRelease(backends: readonly LockBackend[]): Promise<void> {
  const cases = backends.map((backend) => {
    const { locks } = backend.worker();
    const key = `bench/acquire-${backend.name.replace(/\W/g, '-')}`;
    return {
      name: backend.name,
      run: async () => {
        const lease = await locks.acquire(key, 'bench', { leaseMs: 30_000 });
        await locks.release(lease!);
      },
    };
  });
  printTable(
    '  acquire + release of a free key',
    await measureInterleaved(cases, { rounds: 10, opsPerRound: 40 }),
    'memory',
  );
}

let stampedeRound = 0;

async function stampede(
  backend: LockBackend,
  isolationLevel: IsolationLevel,
): Promise<{ executions: number; wallMs: number }> {
  let executions = 0;
  class Trainer {
    @Task({ cacheKeyFn: taskInputHash, isolationLevel })
    async train(dataset: string): Promise<string> {
      executions++;
      await sleep(BODY_MS);
      return `model(${dataset})`;
    }
  }
  const dataset = `stampede-${stampedeRound++}`;
  const callers = Array.from({ length: STAMPEDE_CALLERS }, () => {
    const { locks, storage } = backend.worker();
    return new Engine({ storage, lockManager: locks }).attach(new Trainer());
  });
  const started = process.hrtime.bigint();
  const models = await Promise.all(callers.map((trainer) => trainer.train(dataset)));
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  if (new Set(models).size !== 1) throw new Error(`${backend.name}: callers got different models`);
  return { executions, wallMs };
}
