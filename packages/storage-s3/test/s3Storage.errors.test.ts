import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { StorageError } from '@flowcache/core/adapters';
import { S3RequestError, S3Storage } from '../src';
import { createS3Client, startS3rver, type S3rverFixture } from './support/s3rverFixture';
import { bytes } from '../../../test/support/bytes';

async function failureOf(operation: () => Promise<unknown>): Promise<StorageError> {
  const error = await operation().then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(StorageError);
  return error as StorageError;
}

let server: S3rverFixture;

beforeAll(async () => {
  server = await startS3rver();
});

afterAll(async () => {
  await server.close();
});

describe('S3Storage errors', () => {
  it('names the bucket, the key and NoSuchBucket when the bucket does not exist', async () => {
    const storage = new S3Storage({ client: server.createClient(), bucket: 'no-such-bucket', prefix: 'cache' });
    const operations: [string, () => Promise<unknown>][] = [
      ['get', () => storage.get('some/key')],
      ['getRange', () => storage.getRange('some/key', 8)],
      ['put', () => storage.put('some/key', bytes('x'))],
      ['putIfAbsent', () => storage.putIfAbsent('some/key', bytes('x'))],
      ['list', () => storage.list('some/')],
    ];
    for (const [operation, attempt] of operations) {
      const error = await failureOf(attempt);
      expect(error.operation).toBe(operation);
      expect(error.location).toBe('s3://no-such-bucket/cache');
      expect(error.message).toContain('NoSuchBucket');
      expect(error.message).toContain('"no-such-bucket"');
      expect(error.message).toContain(operation === 'list' ? 'objects under "cache/some/"' : 'key "cache/some/key"');
      expect(error.message).toMatch(/check the bucket name/);
      expect(error.cause).toBeInstanceOf(S3RequestError);
      expect((error.cause as S3RequestError).code).toBe('NoSuchBucket');
      expect((error.cause as S3RequestError).httpStatus).toBe(404);
    }
  });

  it('explains credentials the server does not know', async () => {
    const client = server.createClient({ credentials: { accessKeyId: 'WRONG', secretAccessKey: 'WRONG' } });
    const storage = new S3Storage({ client, bucket: server.bucket });
    const error = await failureOf(() => storage.get('some/key'));
    expect(error.message).toContain('InvalidAccessKeyId');
    expect(error.message).toMatch(/credentials/);
  });

  it('fails with a StorageError, not a hang, when the server is gone', async () => {
    const stopped = await startS3rver();
    await stopped.close();
    // A fresh client, so no pooled connection to the stopped server makes the failure a reset instead.
    const client = createS3Client(stopped.endpoint, {
      maxAttempts: 1,
      requestHandler: { connectionTimeout: 1_000, requestTimeout: 1_000 },
    });
    try {
      const storage = new S3Storage({ client, bucket: stopped.bucket });

      const attempts = [
        () => storage.get('before'),
        () => storage.stat('before'),
        () => storage.put('after', bytes('x')),
      ];
      for (const attempt of attempts) {
        const error = await failureOf(attempt);
        expect(error.message).toContain('ECONNREFUSED');
        expect(error.message).toMatch(/check the client's endpoint/);
        expect((error.cause as S3RequestError).httpStatus).toBeUndefined();
      }
    } finally {
      client.destroy();
    }
  });
});
