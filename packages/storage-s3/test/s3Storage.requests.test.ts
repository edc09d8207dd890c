import { beforeEach, describe, expect, it } from '@jest/globals';
import { S3Storage } from '../src';
import { freshPrefix } from '../../../test/support/freshPrefix';
import { recordRequests, type RequestLog } from './support/s3rverFixture';
import { useS3rver } from './support/useS3rver';
import { bytes } from '../../../test/support/bytes';

let storage: S3Storage;
let requests: RequestLog;
let prefix: string;
const s3 = useS3rver();

beforeEach(() => {
  const client = s3.server.createClient();
  requests = recordRequests(client);
  prefix = freshPrefix('requests');
  storage = new S3Storage({ client, bucket: s3.server.bucket, prefix });
});

describe('S3Storage request cost', () => {
  it('reads an existing key with one GetObject', async () => {
    await storage.put('hit', bytes('cached'));
    requests.clear();
    expect(Buffer.from((await storage.get('hit'))!).toString()).toBe('cached');
    expect(requests.commands).toEqual(['GetObject']);
  });

  it('answers a missing key with one GetObject, no HEAD first', async () => {
    expect(await storage.get('miss')).toBeUndefined();
    expect(requests.commands).toEqual(['GetObject']);
  });

  it('costs two requests for a miss followed by a write', async () => {
    expect(await storage.get('computed')).toBeUndefined();
    await storage.put('computed', bytes('result'));
    expect(requests.commands).toEqual(['GetObject', 'PutObject']);
  });

  it('reads a header with one ranged GetObject', async () => {
    await storage.put('header', bytes('0123456789'));
    requests.clear();
    expect(Buffer.from((await storage.getRange('header', 3))!).toString()).toBe('012');
    expect(requests.commands).toEqual(['GetObject']);
  });

  it('describes an object with one HeadObject', async () => {
    await storage.put('described', bytes('12345'));
    requests.clear();
    expect((await storage.stat('described'))?.size).toBe(5);
    expect(requests.commands).toEqual(['HeadObject']);
  });

  it('creates with one conditional PutObject, and refuses with one', async () => {
    expect(await storage.putIfAbsent('created', bytes('first'))).toBe(true);
    expect(await storage.putIfAbsent('created', bytes('second'))).toBe(false);
    expect(requests.commands).toEqual(['PutObject', 'PutObject']);
  });

  it('deletes with HeadObject + DeleteObject, and a missing key with HeadObject alone', async () => {
    await storage.put('doomed', bytes('x'));
    requests.clear();
    expect(await storage.delete('doomed')).toBe(true);
    expect(await storage.delete('doomed')).toBe(false);
    expect(requests.commands).toEqual(['HeadObject', 'DeleteObject', 'HeadObject']);
  });

  it('lists 2500 keys in pages of 1000 with three ListObjectsV2 requests', async () => {
    const keys = Array.from({ length: 2500 }, (_unused, index) => `many/${String(index).padStart(4, '0')}`);
    await s3.server.seedObjects(keys.map((key) => `${prefix}/${key}`));
    requests.clear();
    const pageSizes: number[] = [];
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await storage.list('many/', { limit: 1000, ...(cursor === undefined ? {} : { cursor }) });
      pageSizes.push(page.objects.length);
      seen.push(...page.objects.map((object) => object.key));
      cursor = page.cursor;
    } while (cursor !== undefined && pageSizes.length < 10);
    expect(pageSizes).toEqual([1000, 1000, 500]);
    expect(seen).toEqual(keys);
    expect(requests.commands).toEqual(['ListObjectsV2', 'ListObjectsV2', 'ListObjectsV2']);
  }, 30_000); // a generous limit: seeding 2500 objects takes a few seconds on a busy machine
});
