import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import type { S3Client } from '@aws-sdk/client-s3';
import { Container, injectable } from 'inversify';
import { installFlowcache, LOCK_MANAGER, RESULT_STORAGE, Task, taskInputHash } from '@flowcache/core';
import { S3LockManager, S3Storage } from '@flowcache/storage-s3';
import { useS3rver } from '../support/useS3rver';

let trainings = 0;

@injectable()
class Trainer {
  // The first caller on any machine trains; the others wait for its lock, then read its stored result.
  @Task({ cacheKeyFn: taskInputHash, isolationLevel: 'SERIALIZABLE' })
  async train(dataset: string): Promise<string> {
    trainings++;
    await new Promise((resolve) => setTimeout(resolve, 50));
    return `model(${dataset})`;
  }
}

/** One worker (a process, a machine): its own container and memory; results and locks in the shared bucket. */
function worker(client: S3Client, bucket: string): Trainer {
  const container = new Container();
  container.bind(RESULT_STORAGE).toConstantValue(new S3Storage({ client, bucket, prefix: 'flowcache/results' }));
  container.bind(LOCK_MANAGER).toConstantValue(new S3LockManager({ client, bucket, prefix: 'flowcache/locks' }));
  installFlowcache(container);
  container.bind(Trainer).toSelf();
  return container.get(Trainer);
}

describe('S3LockManager', () => {
  // An S3 server in this process (s3rver) and a client for it.
  const s3 = useS3rver();

  it('lets one of several workers sharing a bucket run a SERIALIZABLE task', async () => {
    const workers = [1, 2, 3].map(() => worker(s3.client, s3.server.bucket));
    const models = await Promise.all(workers.map((trainer) => trainer.train('sales')));
    expect(models).toEqual(['model(sales)', 'model(sales)', 'model(sales)']);
    expect(trainings).toBe(1);
  });

  it('is a LockManager: leases by key, each lock one object in the bucket', async () => {
    const locks = new S3LockManager({ client: s3.client, bucket: s3.server.bucket, prefix: 'flowcache/locks' });
    expect(locks.location).toBe('s3://flowcache-test/flowcache/locks');
    const lease = await locks.acquire('nightly', 'worker-1', { leaseMs: 30_000, timeoutMs: 5_000 });
    expect(await locks.isLocked('nightly')).toBe(true); // the object flowcache/locks/nightly.lock
    expect(await locks.acquire('nightly', 'worker-2', { leaseMs: 30_000 })).toBeUndefined();
    await locks.release(lease!);
    expect(await locks.waitForRelease('nightly', 0)).toBe(true);
  });
});
