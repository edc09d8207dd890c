import { storageFromUrl } from '@flowcache/core';
import { S3Storage } from '@flowcache/storage-s3';
import { startS3rver, type S3rverFixture } from './support/s3rverFixture';

describe('s3: storage URLs', () => {
  let s3: S3rverFixture;
  const saved = { ...process.env };
  beforeAll(async () => {
    s3 = await startS3rver({ bucket: 'from-url' });
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'S3RVER',
      AWS_SECRET_ACCESS_KEY: 'S3RVER',
    });
  });
  afterAll(async () => {
    process.env = saved;
    await s3.close();
  });

  it('resolve to an S3Storage whose client comes from the standard AWS environment', async () => {
    const storage = storageFromUrl('s3://from-url/team/cache?forcePathStyle=true', 'FLOWCACHE_RESULTS_DEFAULT_STORAGE');
    expect(storage).toBeInstanceOf(S3Storage);
    expect(storage.location).toBe('s3://from-url/team/cache');
    await storage.put('k', new Uint8Array([1, 2, 3]));
    expect(await storage.get('k')).toEqual(new Uint8Array([1, 2, 3]));
    expect(() => storageFromUrl('s3://from-url/x?forcePathStyle=yes', 'the setting')).toThrow(
      /forcePathStyle must be true or false/,
    );
  });
});
