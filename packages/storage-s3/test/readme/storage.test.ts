import { describe, expect, it } from '@jest/globals';
import { S3Client } from '@aws-sdk/client-s3';
import { S3Storage } from '@flowcache/storage-s3';
import { useS3rver } from '../support/useS3rver';

describe('S3Storage', () => {
  it('takes your client, a bucket and a prefix', () => {
    const storage = new S3Storage({
      client: new S3Client({ region: 'eu-west-1' }),
      bucket: 'acme-cache',
      prefix: 'flowcache/prod',
    });
    expect(storage.location).toBe('s3://acme-cache/flowcache/prod');
  });

  // An S3 server in this process (s3rver) and a client for it.
  const s3 = useS3rver();

  it('stores bytes by key under its prefix', async () => {
    const storage = new S3Storage({ client: s3.client, bucket: s3.server.bucket, prefix: 'flowcache/prod' });
    const report = new TextEncoder().encode('{"total":42}');
    expect(await storage.putIfAbsent('report/2026-11-26', report)).toBe(true);
    expect(await storage.putIfAbsent('report/2026-11-26', report)).toBe(false); // someone stored it first
    expect(await storage.get('report/2026-11-26')).toEqual(report);
    expect((await storage.list('report/')).objects.map((object) => object.key)).toEqual(['report/2026-11-26']);
  });
});
