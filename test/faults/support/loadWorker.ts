// One of the worker processes of workersUnderLoad.test.ts: as a separate machine would, it builds its own S3 client,
// S3Storage and (SERIALIZABLE) S3LockManager on the shared s3rver bucket, then makes its share of the task calls,
// several at a time, and prints one JSON line (`LoadWorkerReport`) on stdout. Every execution of the task's body
// appends "<key> <pid>" to <shared>/executions.log, so the test can count executions across all workers.
// Usage: loadWorker.ts <shared> <endpoint> <bucket> <prefix> <SERIALIZABLE|READ_COMMITTED> <workerIndex>
// Environment: LOAD_WORKERS (8), LOAD_CALLS (2000, all workers together), LOAD_KEYS (200), LOAD_CONCURRENCY (16
// calls in flight per worker), LOAD_BODY_MS (20), LOAD_LOCKS (a `LoadLocks` as JSON; S3LockManager unless given),
// and the engine's FLOWCACHE_* settings.
import 'reflect-metadata';
import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { Engine, Task, taskInputHash, type IsolationLevel } from '@flowcache/core';
import type { LockManager } from '@flowcache/core';
import { RedisLockManager } from '@flowcache/lock-redis';
import { FileSystemLockManager } from '@flowcache/storage-fs';
import { S3LockManager, S3Storage } from '@flowcache/storage-s3';
import { Redis } from 'ioredis';
import { createS3Client, recordRequests } from '../../../packages/storage-s3/test/support/s3rverFixture';
import { RecordingLogger } from '../../support/recordingLogger';

/** What a worker prints as its only stdout line. */
export interface LoadWorkerReport {
  readonly worker: number;
  readonly pid: number;
  readonly calls: number;
  /** Calls that returned something other than their key's value. */
  readonly wrongValues: number;
  /** Calls that threw, with the first few messages. */
  readonly failures: number;
  readonly failureSamples: string[];
  /** Warnings the engine logged (a SERIALIZABLE call running without its lock would say so here). */
  readonly warnings: string[];
  /** Every HTTP request this worker's client sent, by S3 command. */
  readonly requests: Record<string, number>;
  /** From the first call to the last call's settling. */
  readonly elapsedMs: number;
}

/** How many worker processes, task calls (all workers together) and distinct keys. */
export interface Load {
  readonly workers: number;
  readonly calls: number;
  readonly keys: number;
}

/**
 * The key of call `call` of worker `worker`: the calls of all workers, interleaved as call × workers + worker, cut
 * into `keys` consecutive runs. So each key gets calls / keys calls (from every worker when that is at least the
 * number of workers), at about the same call index in each of them: the workers contend for the same keys at the
 * same time.
 */
export function keyOfCall(call: number, worker: number, load: Load): number {
  return Math.floor(((call * load.workers + worker) * load.keys) / load.calls);
}

/**
 * The lock manager of a SERIALIZABLE load: S3LockManager on the results' bucket, RedisLockManager on a Redis
 * server, or FileSystemLockManager on a directory all the workers share.
 */
export type LoadLocks =
  | { readonly kind: 's3' }
  | { readonly kind: 'redis'; readonly url: string }
  | {
      readonly kind: 'files';
      readonly directory: string;
    };

export const valueOfKey = (key: number): string => `value-${key}`;

const integer = (name: string, fallback: number) => Number(process.env[name] ?? fallback);

async function main(): Promise<void> {
  const [shared, endpoint, bucket, prefix, isolation, workerArg] = process.argv.slice(2);
  const isolationLevel = isolation as IsolationLevel;
  const worker = Number(workerArg);
  const load: Load = {
    workers: integer('LOAD_WORKERS', 8),
    calls: integer('LOAD_CALLS', 2000),
    keys: integer('LOAD_KEYS', 200),
  };
  const concurrency = integer('LOAD_CONCURRENCY', 16);
  const bodyMs = integer('LOAD_BODY_MS', 20);
  const log = join(shared, 'executions.log');

  class Loaded {
    @Task({ cacheKeyFn: taskInputHash, isolationLevel })
    async compute(key: number): Promise<string> {
      appendFileSync(log, `${key} ${process.pid}\n`);
      await sleep(bodyMs);
      return valueOfKey(key);
    }
  }

  const client = createS3Client(endpoint);
  const requests = recordRequests(client);
  const logger = new RecordingLogger();
  const storage = new S3Storage({ client, bucket, prefix: `${prefix}/results` });
  // READ_COMMITTED takes no locks: it gets no lock manager, as a deployment without one would run it.
  const locks = JSON.parse(process.env.LOAD_LOCKS ?? '{"kind":"s3"}') as LoadLocks;
  const redis = isolationLevel === 'SERIALIZABLE' && locks.kind === 'redis' ? new Redis(locks.url) : undefined;
  let lockManager: LockManager | undefined;
  if (isolationLevel === 'SERIALIZABLE') {
    if (locks.kind === 's3') lockManager = new S3LockManager({ client, bucket, prefix: `${prefix}/locks` });
    else if (locks.kind === 'redis') lockManager = new RedisLockManager({ client: redis!, prefix: `${prefix}:locks` });
    else lockManager = new FileSystemLockManager({ directory: join(locks.directory, prefix) });
  }
  const engine = new Engine({ storage, lockManager, logger });
  const loaded = engine.attach(new Loaded());

  const callCount = load.calls / load.workers; // the test makes it a whole number
  let wrongValues = 0;
  const failureSamples: string[] = [];
  let failures = 0;
  let next = 0;
  // A small pool: `concurrency` calls in flight, each taking the next call index when one settles.
  const runner = async () => {
    for (let call = next++; call < callCount; call = next++) {
      const key = keyOfCall(call, worker, load);
      try {
        if ((await loaded.compute(key)) !== valueOfKey(key)) wrongValues++;
      } catch (error) {
        if (failures++ < 3) failureSamples.push(error instanceof Error ? error.message : String(error));
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: concurrency }, runner));
  await engine.flush();
  const elapsedMs = Math.round(performance.now() - started);
  client.destroy();
  await redis?.quit();

  const byCommand: Record<string, number> = {};
  for (const command of requests.commands) byCommand[command] = (byCommand[command] ?? 0) + 1;
  const report: LoadWorkerReport = {
    worker,
    pid: process.pid,
    calls: callCount,
    wrongValues,
    failures,
    failureSamples,
    warnings: logger.warnings,
    requests: byCommand,
    elapsedMs,
  };
  console.log(JSON.stringify(report));
}

if (require.main === module) void main();
