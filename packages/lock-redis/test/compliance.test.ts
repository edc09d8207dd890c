import { describeLockCompliance } from '@flowcache/core/testing';
import { RedisLockManager } from '@flowcache/lock-redis';
import { describeWithRedis, freshPrefix } from './support/useRedisServer';

// A real redis-server for this file; every test gets locks under a prefix of its own.
describeWithRedis('RedisLockManager on a real Redis server', (redis) => {
  describeLockCompliance('RedisLockManager', {
    create: () => new RedisLockManager({ client: redis.client, prefix: freshPrefix() }),
  });
});
