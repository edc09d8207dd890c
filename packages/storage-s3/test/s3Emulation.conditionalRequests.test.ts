import { beforeEach, describe, expect, it } from '@jest/globals';
import { createHash } from 'node:crypto';
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { freshPrefix } from '../../../test/support/freshPrefix';
import { useS3rver } from './support/useS3rver';

// The fixture's emulation of S3 conditional requests (support/s3Emulation.ts), checked with plain SDK commands:
// the lock manager's tests are only as good as these answers.

const s3 = useS3rver();
let prefix: string;

beforeEach(() => {
  prefix = freshPrefix('emulation');
});

const objectKey = (key: string) => `${prefix}/${key}`;
const put = (key: string, body: string, condition: { IfMatch?: string; IfNoneMatch?: string } = {}) =>
  s3.client.send(new PutObjectCommand({ Bucket: s3.server.bucket, Key: objectKey(key), Body: body, ...condition }));
const remove = (key: string, condition: { IfMatch?: string } = {}) =>
  s3.client.send(new DeleteObjectCommand({ Bucket: s3.server.bucket, Key: objectKey(key), ...condition }));
const get = async (key: string) => {
  const response = await s3.client.send(new GetObjectCommand({ Bucket: s3.server.bucket, Key: objectKey(key) }));
  return { body: await response.Body!.transformToString(), etag: response.ETag! };
};
const statusOf = (request: Promise<unknown>) =>
  request.then(
    () => 200,
    (error: { $metadata?: { httpStatusCode?: number } }) => error.$metadata?.httpStatusCode,
  );
const md5Etag = (text: string) => `"${createHash('md5').update(text).digest('hex')}"`;

describe('s3rver with the emulation: PutObject If-Match', () => {
  it('replaces the object when the ETag is the current one, as GetObject and PutObject sent it', async () => {
    const created = await put('doc', 'v1');
    expect(created.ETag).toBe(md5Etag('v1'));
    expect((await get('doc')).etag).toBe(created.ETag);
    await put('doc', 'v2', { IfMatch: created.ETag });
    expect(await get('doc')).toEqual({ body: 'v2', etag: md5Etag('v2') });
  });

  it('answers 412 and keeps the object when the ETag differs', async () => {
    await put('doc', 'v1');
    const failure = await put('doc', 'v2', { IfMatch: md5Etag('something else') }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'PreconditionFailed', $metadata: { httpStatusCode: 412 } });
    expect((await get('doc')).body).toBe('v1');
  });

  it('answers 412 and creates nothing when the key is missing', async () => {
    expect(await statusOf(put('doc', 'v1', { IfMatch: md5Etag('v0') }))).toBe(412);
    await expect(get('doc')).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it('lets exactly one of several writers holding the same ETag through', async () => {
    const { ETag } = await put('doc', 'v0');
    const statuses = await Promise.all(
      [1, 2, 3, 4, 5].map((index) => statusOf(put('doc', `v${index}`, { IfMatch: ETag }))),
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 412)).toHaveLength(4);
  });
});

describe('s3rver with the emulation: DeleteObject If-Match', () => {
  it('deletes when the ETag is the current one, and answers 412 otherwise', async () => {
    const { ETag } = await put('doc', 'v1');
    expect(await statusOf(remove('doc', { IfMatch: md5Etag('v0') }))).toBe(412);
    expect((await get('doc')).body).toBe('v1');
    await remove('doc', { IfMatch: ETag });
    await expect(get('doc')).rejects.toMatchObject({ name: 'NoSuchKey' });
    expect(await statusOf(remove('doc', { IfMatch: ETag }))).toBe(412);
  });
});

describe('s3rver with the emulation: one request per object at a time', () => {
  it('answers 412 to If-None-Match: * on an existing key', async () => {
    await put('doc', 'v1');
    expect(await statusOf(put('doc', 'v2', { IfNoneMatch: '*' }))).toBe(412);
  });

  it('answers 409 to the next conditional requests on request, of every kind', async () => {
    const { ETag } = await put('doc', 'v1');
    s3.server.conflictNextConditionalWrites(3);
    expect(await statusOf(put('doc', 'v2', { IfMatch: ETag }))).toBe(409);
    expect(await statusOf(remove('doc', { IfMatch: ETag }))).toBe(409);
    expect(await statusOf(put('new', 'v1', { IfNoneMatch: '*' }))).toBe(409);
    expect(await get('doc')).toEqual({ body: 'v1', etag: ETag });
  });

  it('never lets a GetObject see a write half done: the body always matches its ETag', async () => {
    const large = (fill: string) => fill.repeat(256 * 1024);
    let { ETag } = await put('doc', large('a'));
    const writes = (async () => {
      for (const fill of ['b', 'c', 'd', 'e']) ({ ETag } = await put('doc', large(fill), { IfMatch: ETag }));
    })();
    const reads = Promise.all(Array.from({ length: 12 }, () => get('doc')));
    const [, seen] = await Promise.all([writes, reads]);
    for (const { body, etag } of seen) expect(md5Etag(body)).toBe(etag);
  });
});
