import { describe, expect, it } from '@jest/globals';
import { ConfigurationError } from '@flowcache/core/adapters';
import { S3Storage } from '../src';
import { freshPrefix } from '../../../test/support/freshPrefix';
import { useS3rver } from './support/useS3rver';
import { bytes, text } from '../../../test/support/bytes';

const keysOf = async (storage: S3Storage, prefix = '') =>
  (await storage.list(prefix)).objects.map((object) => object.key);

const s3 = useS3rver();

describe('S3Storage prefixes', () => {
  it('keeps stores with different prefixes in one bucket apart', async () => {
    const root = freshPrefix('apart');
    const staging = new S3Storage({ client: s3.client, bucket: s3.server.bucket, prefix: `${root}/staging` });
    const production = new S3Storage({ client: s3.client, bucket: s3.server.bucket, prefix: `${root}/production` });
    await staging.put('report', bytes('staging'));
    await production.put('report', bytes('production'));
    await production.put('only-in-production', bytes('p'));

    expect(text(await staging.get('report'))).toBe('staging');
    expect(text(await production.get('report'))).toBe('production');
    expect(await staging.get('only-in-production')).toBeUndefined();
    expect(await staging.stat('only-in-production')).toBeUndefined();
    expect(await staging.putIfAbsent('only-in-production', bytes('s'))).toBe(true);
    expect(await keysOf(staging)).toEqual(['only-in-production', 'report']);
    expect(await keysOf(production)).toEqual(['only-in-production', 'report']);
    expect(await staging.delete('report')).toBe(true);
    expect(text(await production.get('report'))).toBe('production');
  });

  it('does not let a prefix match a longer sibling prefix', async () => {
    const root = freshPrefix('siblings');
    const short = new S3Storage({ client: s3.client, bucket: s3.server.bucket, prefix: `${root}/cache` });
    const longer = new S3Storage({ client: s3.client, bucket: s3.server.bucket, prefix: `${root}/cache-old` });
    await longer.put('stale', bytes('old'));
    expect(await keysOf(short)).toEqual([]);
    expect(await short.get('stale')).toBeUndefined();
  });

  it('treats a prefix with or without slashes around it as the same store', async () => {
    const root = freshPrefix('slashes');
    const plain = new S3Storage({ client: s3.client, bucket: s3.server.bucket, prefix: root });
    const trailing = new S3Storage({ client: s3.client, bucket: s3.server.bucket, prefix: `${root}/` });
    const leading = new S3Storage({ client: s3.client, bucket: s3.server.bucket, prefix: `/${root}/` });
    await trailing.put('a/b', bytes('shared'));
    for (const storage of [plain, trailing, leading]) {
      expect(storage.location).toBe(`s3://${s3.server.bucket}/${root}`);
      expect(text(await storage.get('a/b'))).toBe('shared');
      expect(await keysOf(storage, 'a/')).toEqual(['a/b']);
    }
  });

  it('without a prefix, uses keys as object keys and names the bare bucket', async () => {
    const bare = new S3Storage({ client: s3.client, bucket: s3.server.bucket });
    const prefixed = new S3Storage({ client: s3.client, bucket: s3.server.bucket, prefix: 'nested/deeper' });
    await prefixed.put('k', bytes('v'));
    expect(bare.location).toBe(`s3://${s3.server.bucket}`);
    expect(text(await bare.get('nested/deeper/k'))).toBe('v');
  });

  it("passes S3's byte order through: a key before the keys under it, '-' before '/'", async () => {
    const storage = new S3Storage({ client: s3.client, bucket: s3.server.bucket, prefix: freshPrefix('order') });
    for (const key of ['x/y', 'x', 'a/1', 'a-b']) await storage.put(key, bytes(key));
    expect(await keysOf(storage)).toEqual(['a-b', 'a/1', 'x', 'x/y']);
  });

  it.each([['../escape'], ['a//b'], ['a/./b'], ['a\\b']])(
    'rejects the prefix %p with a ConfigurationError',
    (prefix) => {
      expect(() => new S3Storage({ client: s3.client, bucket: s3.server.bucket, prefix })).toThrow(ConfigurationError);
    },
  );

  it.each([[0], [-1], [1.5], ['60s'], [2 ** 31]])(
    'rejects requestTimeoutMs %p with a ConfigurationError',
    (requestTimeoutMs) => {
      expect(() => new S3Storage({ client: s3.client, bucket: s3.server.bucket, requestTimeoutMs } as never)).toThrow(
        'S3Storage option `requestTimeoutMs` must be a whole number of milliseconds from 1 to 2147483647',
      );
    },
  );

  it('rejects a missing bucket name with a ConfigurationError', () => {
    expect(() => new S3Storage({ client: s3.client, bucket: '' })).toThrow(ConfigurationError);
  });
});
