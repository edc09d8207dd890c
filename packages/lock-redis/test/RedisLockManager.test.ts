import { afterEach, describe, expect, it } from '@jest/globals';
import os from 'node:os';
import { Cluster, Redis } from 'ioredis';
import { ConfigurationError, LockLostError, StorageError } from '@flowcache/core/adapters';
import { RedisLockManager } from '@flowcache/lock-redis';
import { startRedisServer } from './support/redisServer';
import { describeWithRedis, freshPrefix } from './support/useRedisServer';

const LONG = 60_000;

describeWithRedis('RedisLockManager', (redis) => {
  const createLocks = (prefix = freshPrefix()) => new RedisLockManager({ client: redis.client, prefix });

  it('stores the lease as JSON under <prefix>:<key>, with the lease as the key’s expiry', async () => {
    const locks = createLocks();
    const lease = await locks.acquire('jobs/nightly', 'worker-a', { leaseMs: LONG });
    const redisKey = `${locks.prefix}:jobs/nightly`;
    expect(JSON.parse((await redis.client.get(redisKey))!)).toEqual({
      holder: 'worker-a',
      token: lease!.token,
      host: os.hostname(),
      pid: process.pid,
    });
    const pttl = await redis.client.pttl(redisKey);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(LONG);

    await locks.renew(lease!, 2 * LONG);
    expect(await redis.client.pttl(redisKey)).toBeGreaterThan(LONG);
    await locks.release(lease!);
    expect(await redis.client.exists(redisKey)).toBe(0);
  });

  it('takes leases of fractional milliseconds, rounded up for Redis', async () => {
    const locks = createLocks();
    const lease = await locks.acquire('short', 'worker-a', { leaseMs: 1.5 });
    expect(lease).toBeDefined();
    expect(await redis.client.pttl(`${locks.prefix}:short`)).toBeLessThanOrEqual(2);
  });

  it('refuses to release or renew with an old token once the lease expired and was taken over', async () => {
    const locks = createLocks();
    const stale = await locks.acquire('report', 'worker-a', { leaseMs: 50 });
    expect(await locks.waitForRelease('report', LONG)).toBe(true); // Redis dropped the key at its expiry
    const fresh = await locks.acquire('report', 'worker-b', { leaseMs: LONG });
    await expect(locks.release(stale!)).rejects.toThrow(LockLostError);
    await expect(locks.renew(stale!, LONG)).rejects.toThrow(LockLostError);
    // The same holder with a made-up token is not the holder either.
    await expect(locks.release({ ...fresh!, token: stale!.token })).rejects.toThrow(LockLostError);
    expect(JSON.parse((await redis.client.get(`${locks.prefix}:report`))!)).toMatchObject({ token: fresh!.token });
    await locks.release(fresh!);
  });

  it('gives a contended key to exactly one of many processes’ clients', async () => {
    const prefix = freshPrefix();
    const contenders = Array.from({ length: 8 }, () => new RedisLockManager({ client: redis.createClient(), prefix }));
    for (let round = 0; round < 20; round++) {
      const leases = await Promise.all(
        contenders.map((locks, index) => locks.acquire(`round/${round}`, `worker-${index}`, { leaseMs: LONG })),
      );
      expect(leases.filter((lease) => lease !== undefined)).toHaveLength(1);
    }
  });

  it('leaves alone a value it did not write: the key stays locked until that value expires', async () => {
    const locks = createLocks();
    await redis.client.set(`${locks.prefix}:foreign`, 'not a lock', 'PX', LONG);
    expect(await locks.isLocked('foreign')).toBe(true);
    expect(await locks.acquire('foreign', 'worker-a', { leaseMs: LONG })).toBeUndefined();
    const forged = { key: 'foreign', holder: 'worker-a', token: 'not a lock', expiresAt: Date.now() + LONG };
    await expect(locks.release(forged)).rejects.toThrow(LockLostError);
    expect(await redis.client.get(`${locks.prefix}:foreign`)).toBe('not a lock');
  });

  it('puts the client’s keyPrefix in front of its keys, and in its location', async () => {
    const locks = new RedisLockManager({ client: redis.createClient({ keyPrefix: 'app:' }), prefix: 'locks' });
    await locks.acquire('prefixed', 'worker-a', { leaseMs: LONG });
    expect(await redis.client.exists('app:locks:prefixed')).toBe(1);
    expect(locks.location).toBe(`redis://127.0.0.1:${redis.server.port}/0/app:locks`);
  });

  it('sends its scripts again when the server forgot them', async () => {
    const locks = createLocks();
    const lease = await locks.acquire('flushed', 'worker-a', { leaseMs: LONG });
    await redis.client.script('FLUSH');
    await locks.release(lease!);
    expect(await locks.isLocked('flushed')).toBe(false);
  });

  it('fails with a StorageError naming the location and the key when the server is gone', async () => {
    const server = await startRedisServer();
    // maxRetriesPerRequest: 0 fails a command at the first lost connection instead of retrying it for a minute;
    // disconnectTimeout: 0, as ioredis otherwise keeps the process alive 2 s after disconnecting a lost connection.
    const client = new Redis(server.url, { maxRetriesPerRequest: 0, disconnectTimeout: 0 });
    client.on('error', () => undefined); // the connection errors are what this test is about
    try {
      const locks = new RedisLockManager({ client });
      const lease = await locks.acquire('jobs/nightly', 'worker-a', { leaseMs: LONG });
      await server.stop();
      const failure = locks.acquire('jobs/nightly', 'worker-a', { leaseMs: LONG });
      await expect(failure).rejects.toThrow(StorageError);
      await expect(failure).rejects.toThrow(
        `acquire "jobs/nightly" in redis://127.0.0.1:${server.port}/0/flowcache:lock failed: `,
      );
      await expect(failure).rejects.toHaveProperty('cause', expect.any(Error));
      await expect(locks.renew(lease!, LONG)).rejects.toThrow(StorageError);
      await expect(locks.release(lease!)).rejects.toThrow(StorageError);
      await expect(locks.isLocked('jobs/nightly')).rejects.toThrow(StorageError);
    } finally {
      client.disconnect();
      await server.stop();
    }
  });
});

describe('RedisLockManager’s location and options', () => {
  // Clients that never connect: only their options are read.
  const clients: { disconnect(): void }[] = [];
  const client = (...args: [string] | [Record<string, unknown>]) => {
    const created = new Redis(...(args as [string]), { lazyConnect: true });
    clients.push(created);
    return created;
  };
  afterEach(() => {
    for (const created of clients.splice(0)) created.disconnect();
  });

  it('names the server, database and prefix, never the credentials', () => {
    const withPassword = client('redis://alice:s3cret@127.0.0.1:6380/2');
    expect(new RedisLockManager({ client: withPassword }).location).toBe('redis://127.0.0.1:6380/2/flowcache:lock');
    const withTls = client('rediss://:s3cret@cache.example.com:6390/1');
    const locks = new RedisLockManager({ client: withTls, prefix: 'jobs' });
    expect(locks.location).toBe('rediss://cache.example.com:6390/1/jobs');
    expect(locks.location).not.toContain('s3cret');
    expect(new RedisLockManager({ client: client({ path: '/run/redis.sock' }) }).location).toBe(
      'redis+unix:///run/redis.sock/0/flowcache:lock',
    );
    const sentinel = client({ sentinels: [{ host: '10.0.0.1', port: 26379 }], name: 'primary', sentinelPassword: 'x' });
    expect(new RedisLockManager({ client: sentinel }).location).toBe('redis+sentinel://primary/0/flowcache:lock');
    expect(new RedisLockManager({ client: client({ host: '::1', port: 6379 }) }).location).toBe(
      'redis://[::1]:6379/0/flowcache:lock',
    );
  });

  it('needs an ioredis client of one server, and a non-empty prefix', () => {
    const missing = undefined as unknown as { client: Redis };
    expect(() => new RedisLockManager(missing)).toThrow(ConfigurationError);
    expect(() => new RedisLockManager({} as { client: Redis })).toThrow('RedisLockManager needs an ioredis client');
    expect(() => new RedisLockManager({ client: { options: {} } as unknown as Redis })).toThrow(ConfigurationError);
    const cluster = new Cluster([{ host: '127.0.0.1', port: 7000 }], { lazyConnect: true });
    clients.push(cluster);
    expect(() => new RedisLockManager({ client: cluster as unknown as Redis })).toThrow('not a Redis Cluster client');
    expect(() => new RedisLockManager({ client: client('redis://127.0.0.1:6379'), prefix: '' })).toThrow(
      "RedisLockManager's prefix must be a non-empty string",
    );
  });
});
