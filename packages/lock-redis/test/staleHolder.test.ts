import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import { Engine, Task, taskInputHash } from '@flowcache/core';
import { StorageError } from '@flowcache/core/adapters';
import { RedisLockManager } from '@flowcache/lock-redis';
import { RecordingLogger } from '../../../test/support/recordingLogger';
import { itFencesAStaleHolder, STALE_HOLDER_LEASE_MS } from '../../../test/support/staleHolder';
import { startTcpProxy, type TcpProxy } from '../../../test/support/tcpProxy';
import { temporaryFileSystemStorage } from '../../../test/support/temporaryStorage';
import { describeWithRedis, freshPrefix } from './support/useRedisServer';

/** A client of the test's server through `proxy` (its own connection); disconnect it at the end. */
function throughProxy(proxy: TcpProxy): Redis {
  const client = new Redis({ host: '127.0.0.1', port: proxy.port, disconnectTimeout: 0 });
  client.on('error', () => undefined);
  return client;
}

describeWithRedis('a SERIALIZABLE holder that lost its Redis lease', (redis) => {
  // Results on files; the first process reaches Redis through a proxy the cut-off scenario stops, the others
  // directly.
  describe('on FileSystemStorage with RedisLockManager', () => {
    itFencesAStaleHolder(
      async () => {
        const { storage, remove } = await temporaryFileSystemStorage();
        const prefix = freshPrefix('stale');
        const proxy = await startTcpProxy(redis.server.port);
        const proxied = throughProxy(proxy);
        return {
          storage,
          lockManager: () => new RedisLockManager({ client: redis.client, prefix }),
          cutOffStorage: () => storage,
          cutOffLockManager: () => new RedisLockManager({ client: proxied, prefix }),
          cutOff: async () => {
            proxy.cut();
            return async () => proxy.restore();
          },
          close: async () => {
            proxied.disconnect();
            await proxy.close();
            await remove();
          },
        };
      },
      { cutOff: true },
    );
  });

  describe('cut off from Redis', () => {
    let proxy: TcpProxy;
    beforeEach(async () => {
      proxy = await startTcpProxy(redis.server.port);
    });
    afterEach(async () => {
      await proxy.close();
    });

    it('has a renewal fail, as transient, after a third of the lease instead of waiting for the link', async () => {
      const client = throughProxy(proxy);
      const locks = new RedisLockManager({ client, prefix: freshPrefix('renew') });
      const lease = (await locks.acquire('jobs/nightly', 'worker-a', { leaseMs: 900 }))!;
      proxy.cut();
      const renewal = locks.renew(lease, 900);
      await expect(renewal).rejects.toThrow(StorageError);
      await expect(renewal).rejects.toThrow(
        /renew "jobs\/nightly" in redis:\/\/\S+ failed: Redis did not answer within 300 ms/,
      );
      await expect(renewal).rejects.toMatchObject({ transient: true });
      client.disconnect();
    });

    it('bounds its other commands by commandTimeoutMs', async () => {
      const client = throughProxy(proxy);
      const locks = new RedisLockManager({ client, prefix: freshPrefix('bounded'), commandTimeoutMs: 50 });
      await locks.isLocked('jobs/nightly'); // connected
      proxy.cut();
      await expect(locks.isLocked('jobs/nightly')).rejects.toThrow(/Redis did not answer within 50 ms/);
      await expect(locks.acquire('jobs/nightly', 'worker-a', { leaseMs: 60_000 })).rejects.toThrow(
        /Redis did not answer within 50 ms/,
      );
      client.disconnect();
    });

    it('tells the holder, while the link is still down, that it lost its lock', async () => {
      const client = throughProxy(proxy);
      let lost!: (message: string) => void;
      const lostWarning = new Promise<string>((resolve) => (lost = resolve));
      const logger = new RecordingLogger();
      const warn = logger.warn.bind(logger);
      logger.warn = (message) => {
        warn(message);
        if (message.includes('lost its lock')) lost(message);
      };
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      let finish!: () => void;
      const finished = new Promise<void>((resolve) => (finish = resolve));
      class Reports {
        @Task({ cacheKeyFn: taskInputHash, isolationLevel: 'SERIALIZABLE' })
        async build(day: string): Promise<string> {
          holding();
          await finished;
          return day;
        }
      }
      const engine = new Engine({
        lockManager: new RedisLockManager({ client, prefix: freshPrefix('holder') }),
        settings: { lockLeaseMs: STALE_HOLDER_LEASE_MS, persistResultsByDefault: false },
        logger,
      });
      const call = engine.attach(new Reports()).build('monday');
      await held;
      proxy.cut();
      expect(await lostWarning).toMatch(
        new RegExp(`^Reports\\.build lost its lock: .*Redis did not answer within ${STALE_HOLDER_LEASE_MS / 3} ms`),
      );
      proxy.restore();
      finish();
      expect(await call).toBe('monday');
      client.disconnect();
    });
  });
});
