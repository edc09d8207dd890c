import { beforeEach, describe, expect, it } from '@jest/globals';
import os from 'node:os';
import { GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { ConfigurationError, LockLostError, type Lease } from '@flowcache/core/adapters';
import { S3LockManager, S3RequestError } from '../../src';
import { freshPrefix } from '../../../../test/support/freshPrefix';
import { createS3Client, recordRequests, type RequestLog } from '../support/s3rverFixture';
import { useS3rver } from '../support/useS3rver';

const LONG = 60_000;
const s3 = useS3rver();

let client: S3Client;
let requests: RequestLog;
let prefix: string;
let locks: S3LockManager;

beforeEach(() => {
  client = s3.server.createClient();
  requests = recordRequests(client);
  prefix = freshPrefix('locks');
  locks = new S3LockManager({ client, bucket: s3.server.bucket, prefix });
});

/** The lock object of a key as JSON, read straight from the bucket. */
async function readLockObject(key: string): Promise<unknown> {
  const response = await s3.client.send(
    new GetObjectCommand({ Bucket: s3.server.bucket, Key: `${prefix}/${key}.lock` }),
  );
  expect(response.ContentType).toBe('application/json');
  return JSON.parse(await response.Body!.transformToString());
}

/** Writes a lock object by hand, as another process would. */
async function writeLockObject(key: string, body: string): Promise<void> {
  await s3.client.send(new PutObjectCommand({ Bucket: s3.server.bucket, Key: `${prefix}/${key}.lock`, Body: body }));
}

const expiredLock = (holder: string) =>
  JSON.stringify({
    holder,
    token: `token-of-${holder}`,
    host: 'gone.example',
    pid: 4242,
    expiresAt: Date.now() - 1_000,
  });

describe('S3LockManager configuration', () => {
  it('has an s3:// location with its prefix, flowcache-locks unless told', () => {
    const bucket = 'acme-locks';
    expect(new S3LockManager({ client, bucket }).location).toBe('s3://acme-locks/flowcache-locks');
    expect(new S3LockManager({ client, bucket, prefix: '/team/locks/' }).location).toBe('s3://acme-locks/team/locks');
    expect(new S3LockManager({ client, bucket, prefix: '' }).location).toBe('s3://acme-locks');
  });

  it('refuses a missing client or bucket, and an invalid prefix, with ConfigurationError', () => {
    const bucket = 'acme-locks';
    const construct = (options: unknown) => () => new S3LockManager(options as never);
    expect(construct(undefined)).toThrow(ConfigurationError);
    expect(construct({ bucket })).toThrow('S3LockManager option `client` must be an S3Client');
    expect(construct({ client: {}, bucket })).toThrow(ConfigurationError);
    expect(construct({ client })).toThrow('S3LockManager option `bucket` must be a non-empty bucket name');
    expect(construct({ client, bucket: '' })).toThrow(ConfigurationError);
    expect(construct({ client, bucket, prefix: 7 })).toThrow('S3LockManager option `prefix` must be a string');
    expect(construct({ client, bucket, prefix: 'locks/../results' })).toThrow(
      /^S3LockManager option `prefix` is invalid: .*\.\./,
    );
  });
});

describe('S3LockManager lock objects', () => {
  it('keeps the lease as JSON in <prefix>/<key>.lock', async () => {
    const lease = await locks.acquire('jobs/nightly', 'worker-a', { leaseMs: LONG });
    const { token, expiresAt } = lease!;
    expect(await readLockObject('jobs/nightly')).toEqual({
      holder: 'worker-a',
      token,
      host: os.hostname(),
      pid: process.pid,
      expiresAt,
    });
  });

  it('removes the lock object on release', async () => {
    await locks.release((await locks.acquire('jobs/nightly', 'worker-a', { leaseMs: LONG }))!);
    await expect(readLockObject('jobs/nightly')).rejects.toMatchObject({ name: 'NoSuchKey' });
  });

  it('takes over a lock object that is not a lock (another writer, or garbage)', async () => {
    await writeLockObject('garbled', '{"holder":');
    expect(await locks.isLocked('garbled')).toBe(false);
    expect(await locks.acquire('garbled', 'worker-a', { leaseMs: LONG })).toMatchObject({ holder: 'worker-a' });
  });

  it('takes over a lock object too large to be a lock without reading it, whatever it holds', async () => {
    // A held lease padded to 1 MiB: read whole, it would keep the key locked; unread, it is no lock at all.
    const held = {
      holder: 'planted',
      token: 'token-of-planted',
      host: 'planted.example',
      pid: 1,
      expiresAt: Date.now() + LONG,
    };
    await writeLockObject('padded', JSON.stringify(held) + ' '.repeat(1024 * 1024));
    expect(await locks.isLocked('padded')).toBe(false);
    expect(await locks.acquire('padded', 'worker-a', { leaseMs: LONG })).toMatchObject({ holder: 'worker-a' });
    expect(await readLockObject('padded')).toMatchObject({ holder: 'worker-a' });
  });
});

describe('S3LockManager takeover', () => {
  it('gives an expired lease to exactly one of several concurrent contenders', async () => {
    await writeLockObject('crashed', expiredLock('crashed-worker'));
    expect(await locks.isLocked('crashed')).toBe(false);
    const contenders = Array.from({ length: 6 }, (_unused, index) =>
      new S3LockManager({ client: s3.server.createClient(), bucket: s3.server.bucket, prefix }).acquire(
        'crashed',
        `worker-${index}`,
        { leaseMs: LONG },
      ),
    );
    const winners = (await Promise.all(contenders)).filter((lease): lease is Lease => lease !== undefined);
    expect(winners).toHaveLength(1);
    expect(await readLockObject('crashed')).toMatchObject({ holder: winners[0].holder, token: winners[0].token });
    expect(await locks.isLocked('crashed')).toBe(true);
  });

  it('refuses renew and release of a lease that was taken over', async () => {
    const stale = await locks.acquire('handed-on', 'worker-a', { leaseMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const taken = await locks.acquire('handed-on', 'worker-b', { leaseMs: LONG });
    await expect(locks.renew(stale!, LONG)).rejects.toThrow(LockLostError);
    await expect(locks.release(stale!)).rejects.toThrow(LockLostError);
    expect(await readLockObject('handed-on')).toMatchObject({ holder: 'worker-b', token: taken!.token });
  });

  it('removes an expired lease nobody took over on release, and reports it lost', async () => {
    const lapsed = await locks.acquire('lapsed', 'worker-a', { leaseMs: 1 });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await expect(locks.renew(lapsed!, LONG)).rejects.toThrow(LockLostError);
    await expect(locks.release(lapsed!)).rejects.toThrow(LockLostError);
    await expect(readLockObject('lapsed')).rejects.toMatchObject({ name: 'NoSuchKey' });
  });
});

describe('S3LockManager requests', () => {
  it('acquires a free key with one PutObject and releases it with one DeleteObject', async () => {
    const lease = await locks.acquire('report', 'worker-a', { leaseMs: LONG });
    expect(requests.commands).toEqual(['PutObject']);
    await locks.release(lease!);
    expect(requests.commands).toEqual(['PutObject', 'DeleteObject']);
  });

  it('renews with one PutObject, and checks whether a key is locked with one GetObject', async () => {
    const lease = await locks.acquire('report', 'worker-a', { leaseMs: LONG });
    requests.clear();
    const renewed = await locks.renew(lease!, LONG);
    await locks.renew(renewed, LONG);
    expect(requests.commands).toEqual(['PutObject', 'PutObject']);
    requests.clear();
    expect(await locks.isLocked('report')).toBe(true);
    expect(requests.commands).toEqual(['GetObject']);
  });

  it('reads a held lock once when refused, and waits with one GetObject per poll', async () => {
    const holder = new S3LockManager({ client: s3.client, bucket: s3.server.bucket, prefix });
    const held = await holder.acquire('report', 'worker-a', { leaseMs: LONG });
    expect(await locks.acquire('report', 'worker-b', { leaseMs: LONG })).toBeUndefined();
    expect(requests.commands).toEqual(['PutObject', 'GetObject']);
    requests.clear();
    const waiting = locks.acquire('report', 'worker-b', { leaseMs: LONG, timeoutMs: 10_000 });
    await new Promise((resolve) => setTimeout(resolve, 250));
    await holder.release(held!);
    expect(await waiting).toMatchObject({ holder: 'worker-b' });
    // The failed create, then only reads until the lock is gone, then the create that wins.
    expect(requests.commands.join(' ')).toMatch(/^PutObject (GetObject ){2,}PutObject$/);
  });

  it('with takeOverEnded: false, stops at a refused create, and takes over an ended lease next time', async () => {
    const holder = new S3LockManager({ client: s3.server.createClient(), bucket: s3.server.bucket, prefix });
    const held = await holder.acquire('report', 'worker-a', { leaseMs: LONG });
    expect(await locks.acquire('report', 'worker-b', { leaseMs: LONG, takeOverEnded: false })).toBeUndefined();
    expect(requests.commands).toEqual(['PutObject']);
    await holder.release(held!);

    await writeLockObject('crashed', expiredLock('crashed-worker'));
    requests.clear();
    expect(await locks.acquire('crashed', 'worker-b', { leaseMs: LONG, takeOverEnded: false })).toBeUndefined();
    expect(requests.commands).toEqual(['PutObject']);
    expect(await locks.acquire('crashed', 'worker-b', { leaseMs: LONG })).toMatchObject({ holder: 'worker-b' });
  });

  it('takes over an expired lease with PutObject, GetObject and a PutObject If-Match', async () => {
    await writeLockObject('crashed', expiredLock('crashed-worker'));
    expect(await locks.acquire('crashed', 'worker-a', { leaseMs: LONG })).toMatchObject({ holder: 'worker-a' });
    expect(requests.commands).toEqual(['PutObject', 'GetObject', 'PutObject']);
  });

  it('reads first when renewing or releasing a lease it did not write (a copy, or an older lease)', async () => {
    const first = await locks.acquire('report', 'worker-a', { leaseMs: LONG });
    const again = await locks.acquire('report', 'worker-a', { leaseMs: LONG });
    expect(again!.token).toBe(first!.token);
    requests.clear();
    // `first`'s ETag is outdated since `again` rewrote the lock: its If-Match fails, it reads and writes again.
    await locks.renew(first!, LONG);
    expect(requests.commands).toEqual(['PutObject', 'GetObject', 'PutObject']);
    requests.clear();
    await locks.release({ ...first! });
    expect(requests.commands).toEqual(['GetObject', 'DeleteObject']);
  });

  it('releases a lease whose renewal is still in flight, whichever lands first', async () => {
    const lease = await locks.acquire('report', 'worker-a', { leaseMs: LONG });
    const renewing = locks.renew(lease!, LONG).catch((error: unknown) => error);
    await locks.release(lease!);
    const renewal = await renewing;
    if (renewal instanceof Error) expect(renewal).toBeInstanceOf(LockLostError);
    expect(await locks.isLocked('report')).toBe(false);
  });
});

describe('S3LockManager under 409 ConditionalRequestConflict', () => {
  it('re-sends a conflicting create, and the answer to the retry decides', async () => {
    s3.server.conflictNextConditionalWrites(2);
    expect(await locks.acquire('contended', 'worker-a', { leaseMs: LONG })).toMatchObject({ holder: 'worker-a' });
    expect(requests.commands).toEqual(['PutObject', 'PutObject', 'PutObject']);
  });

  it('re-sends a conflicting renewal and release', async () => {
    const lease = await locks.acquire('contended', 'worker-a', { leaseMs: LONG });
    requests.clear();
    s3.server.conflictNextConditionalWrites(1);
    const renewed = await locks.renew(lease!, LONG);
    s3.server.conflictNextConditionalWrites(1);
    await locks.release(renewed);
    expect(requests.commands).toEqual(['PutObject', 'PutObject', 'DeleteObject', 'DeleteObject']);
    expect(await locks.isLocked('contended')).toBe(false);
  });

  it('gives up with an S3RequestError naming ConditionalRequestConflict when conflicts persist', async () => {
    s3.server.conflictNextConditionalWrites(100);
    try {
      const failure = await locks.acquire('contended', 'worker-a', { leaseMs: LONG }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(S3RequestError);
      expect((failure as S3RequestError).code).toBe('ConditionalRequestConflict');
      expect(requests.commands).toEqual(['PutObject', 'PutObject', 'PutObject', 'PutObject']);
    } finally {
      s3.server.conflictNextConditionalWrites(0);
    }
    expect(await locks.isLocked('contended')).toBe(false);
  });
});

describe('S3LockManager errors', () => {
  it('names the bucket, the lock object key and what to check', async () => {
    const missing = new S3LockManager({ client, bucket: 'no-such-bucket', prefix: 'locks' });
    const failure = await missing.acquire('report', 'worker-a', { leaseMs: LONG }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(S3RequestError);
    expect(failure).toMatchObject({ code: 'NoSuchBucket', bucket: 'no-such-bucket', objectKey: 'locks/report.lock' });
    expect((failure as Error).message).toContain('the bucket does not exist');
    await expect(missing.isLocked('report')).rejects.toMatchObject({ code: 'NoSuchBucket' });
  });

  it('reports a server that does not answer as such', async () => {
    const unreachable = createS3Client('http://127.0.0.1:9', { maxAttempts: 1 });
    try {
      const offline = new S3LockManager({ client: unreachable, bucket: 'acme-locks' });
      const failure = await offline.acquire('report', 'worker-a', { leaseMs: LONG }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(S3RequestError);
      expect(failure).toMatchObject({ httpStatus: undefined, objectKey: 'flowcache-locks/report.lock' });
      expect((failure as Error).message).toContain('ECONNREFUSED');
      expect((failure as Error).message).toContain("check the client's endpoint");
    } finally {
      unreachable.destroy();
    }
  });
});
