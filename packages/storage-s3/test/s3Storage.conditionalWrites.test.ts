import { beforeEach, describe, expect, it } from '@jest/globals';
import { StorageError } from '@flowcache/core/adapters';
import { S3Storage } from '../src';
import { freshPrefix } from '../../../test/support/freshPrefix';
import { recordRequests, type RequestLog } from './support/s3rverFixture';
import { useS3rver } from './support/useS3rver';
import { bytes, text } from '../../../test/support/bytes';

let storage: S3Storage;
let requests: RequestLog;
const s3 = useS3rver();

beforeEach(() => {
  const client = s3.server.createClient();
  requests = recordRequests(client);
  storage = new S3Storage({ client, bucket: s3.server.bucket, prefix: freshPrefix('conditional') });
});

describe('S3Storage putIfAbsent under 409 ConditionalRequestConflict', () => {
  it('retries a conflicting create and reports the retry that succeeded', async () => {
    s3.server.conflictNextConditionalWrites(2);
    expect(await storage.putIfAbsent('contended', bytes('mine'))).toBe(true);
    expect(text(await storage.get('contended'))).toBe('mine');
    expect(requests.commands).toEqual(['PutObject', 'PutObject', 'PutObject', 'GetObject']);
  });

  it('reports false when the retry finds that the concurrent writer won', async () => {
    await storage.put('contended', bytes('theirs'));
    s3.server.conflictNextConditionalWrites(1);
    expect(await storage.putIfAbsent('contended', bytes('mine'))).toBe(false);
    expect(text(await storage.get('contended'))).toBe('theirs');
  });

  it('gives up with a StorageError naming ConditionalRequestConflict when conflicts persist', async () => {
    s3.server.conflictNextConditionalWrites(100);
    try {
      const failure = await storage.putIfAbsent('contended', bytes('mine')).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(StorageError);
      expect((failure as StorageError).message).toContain('ConditionalRequestConflict');
      expect(requests.commands).toEqual(['PutObject', 'PutObject', 'PutObject', 'PutObject']);
    } finally {
      s3.server.conflictNextConditionalWrites(0);
    }
    expect(await storage.get('contended')).toBeUndefined();
  });
});
