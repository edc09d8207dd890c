import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { Engine, Task, TieredStorage, taskInputHash, type TieredStorageOptions } from '@flowcache/core';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { S3Storage } from '@flowcache/storage-s3';
import { useS3rver } from '../support/useS3rver';

class Sales {
  runs = 0;

  @Task({ cacheKeyFn: taskInputHash, cacheExpiration: { days: 7 } })
  async load(day: string): Promise<number> {
    this.runs++;
    return day.length;
  }
}

describe('TieredStorage', () => {
  const s3 = useS3rver(); // an S3 server in this process (s3rver) and a client for it
  let cacheDirectory: string; // a directory on this host's disk, kept across restarts
  beforeAll(async () => {
    cacheDirectory = await mkdtemp(join(tmpdir(), 'flowcache-local-'));
  });
  afterAll(() => rm(cacheDirectory, { recursive: true }));

  /** One worker process: a new engine each time, the same bucket and the same local directory. */
  function startWorker() {
    const options: TieredStorageOptions = {
      local: new FileSystemStorage({ basePath: cacheDirectory }),
      remote: new S3Storage({ client: s3.client, bucket: s3.server.bucket, prefix: 'flowcache/prod' }),
      // Serve a local copy for an hour at most: a record invalidated on S3 by another host is gone here too after it.
      localTtlMs: 60 * 60 * 1000,
    };
    const storage = new TieredStorage(options);
    const engine = new Engine({ storage });
    return { storage, engine, sales: engine.attach(new Sales()) };
  }

  it('keeps what a worker read from S3 on its disk, for the next process on the host', async () => {
    const first = startWorker();
    expect(await first.sales.load('2026-11-26')).toBe(10); // computed, written to S3 then to the local directory
    expect(first.storage.location).toBe(
      `tiered://local=${new FileSystemStorage({ basePath: cacheDirectory }).location};` +
        `remote=s3://${s3.server.bucket}/flowcache/prod`,
    );

    const restarted = startWorker(); // reads its local copy: no S3 request
    expect(await restarted.sales.load('2026-11-26')).toBe(10);
    expect(restarted.sales.runs).toBe(0);

    await restarted.engine.invalidate('all'); // deletes from S3, then from the local directory
    const { local, remote } = startWorker().storage;
    expect(await remote.list('')).toMatchObject({ objects: [] });
    expect(await local.list('')).toMatchObject({ objects: [] });
  });
});
