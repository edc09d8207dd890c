import 'reflect-metadata';
import { Engine, Task, taskInputHash } from '@flowcache/core';
import { S3Storage } from '@flowcache/storage-s3';
import { freshPrefix } from '../../../test/support/freshPrefix';
import { recordRequests, startS3rver, type S3rverFixture } from './support/s3rverFixture';

class Reports {
  runs = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async load(day: string): Promise<string[]> {
    this.runs++;
    return [`${day}:a`, `${day}:b`];
  }
}

describe('a task persisting to S3', () => {
  let s3: S3rverFixture;
  beforeAll(async () => {
    s3 = await startS3rver();
  });
  afterAll(async () => {
    await s3.close();
  });

  it('costs one GET and one PUT on a miss, and exactly one GET on a hit in another process', async () => {
    const client = s3.createClient();
    const requests = recordRequests(client);
    const storage = new S3Storage({ client, bucket: s3.bucket, prefix: freshPrefix() });

    const writer = new Engine({ storage }).attach(new Reports());
    await writer.load('mon');
    expect(requests.commands).toEqual(['GetObject', 'PutObject']);

    requests.clear();
    const reader = new Engine({ storage }).attach(new Reports());
    await expect(reader.load('mon')).resolves.toEqual(['mon:a', 'mon:b']);
    expect(reader.runs).toBe(0);
    expect(requests.commands).toEqual(['GetObject']);

    requests.clear();
    await reader.load('mon'); // now in memory: no request at all
    expect(requests.commands).toEqual([]);
  });
});
