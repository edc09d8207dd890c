import { expect, it } from '@jest/globals';
import type { Redis } from 'ioredis';
import { RedisLockManager } from '@flowcache/lock-redis';
import { crashingHolder, holderAndWaiter, recordWatches } from '../../../test/support/watchedWaiter';
import { describeWithRedis, freshPrefix } from './support/useRedisServer';

/** The names of the commands a client sends, in order. */
function recordCommands(client: Redis): string[] {
  const names: string[] = [];
  const send = client.sendCommand.bind(client);
  client.sendCommand = ((command: { name: string }, ...rest: unknown[]) => {
    names.push(command.name);
    return (send as (...args: unknown[]) => unknown)(command, ...rest);
  }) as Redis['sendCommand'];
  return names;
}

describeWithRedis('RedisLockManager release notices', (redis) => {
  it('wakes a waiting SERIALIZABLE call at the release, which reads the result and never polls', async () => {
    const prefix = freshPrefix();
    const waiterClient = redis.createClient();
    await waiterClient.ping(); // connected: the handshake's commands are not the waiter's
    const commands = recordCommands(waiterClient);
    const waiterLocks = new RedisLockManager({ client: waiterClient, prefix });
    const watches = recordWatches(waiterLocks);
    const workers = holderAndWaiter(new RedisLockManager({ client: redis.createClient(), prefix }), waiterLocks);

    const held = workers.holder.train('sales');
    await workers.holding;
    const waited = workers.waiter.train('sales');
    await watches.waiting;
    workers.finishHolder();

    expect(await Promise.all([held, waited])).toEqual(['model of sales #1', 'model of sales #1']);
    expect(workers.runs()).toBe(1);
    expect(workers.events.map((event) => event.state).sort()).toEqual(['Cached', 'Completed']);
    // Woken by the release. Its lock commands: a try, a try once watching, and one per fallback look (a wait that
    // timed out, if any on a slow machine); nothing else while the holder held the lock.
    expect(watches.wakes.at(-1)).toBe(true);
    const fallbackLooks = watches.wakes.filter((released) => !released).length;
    expect(commands.filter((name) => name !== 'evalsha')).toEqual([]);
    expect(commands).toHaveLength(2 + fallbackLooks);
    // The connection for notices closes with the last watch.
    expect(waiterLocks.listening).toBe(false);
  });

  it('takes over from a holder that crashed, whose lease ends without a notice, by its fallback look', async () => {
    const prefix = freshPrefix();
    const crashed = crashingHolder(new RedisLockManager({ client: redis.createClient(), prefix }));
    const waiterLocks = new RedisLockManager({ client: redis.createClient(), prefix });
    const watches = recordWatches(waiterLocks);
    const workers = holderAndWaiter(crashed, waiterLocks, { holderLeaseMs: 1_000 });

    const held = workers.holder.train('sales');
    await workers.holding;
    await expect(workers.waiter.train('sales')).resolves.toBe('model of sales #2');
    expect(watches.wakes.length).toBeGreaterThan(0);
    expect(watches.wakes.every((released) => !released)).toBe(true);
    workers.finishHolder();
    await held;
  });

  it('wakes acquire and waitForRelease called directly at the release, asking every 500 ms at most', async () => {
    const prefix = freshPrefix();
    const holder = new RedisLockManager({ client: redis.client, prefix });
    const waiterClient = redis.createClient();
    await waiterClient.ping();
    const commands = recordCommands(waiterClient);
    const waiter = new RedisLockManager({ client: waiterClient, prefix });
    const lease = await holder.acquire('report', 'worker-a', { leaseMs: 60_000 });
    const started = Date.now();
    const waitedRelease = waiter.waitForRelease('report', 60_000);
    const acquired = waiter.acquire('report', 'worker-b', { leaseMs: 60_000, timeoutMs: 60_000 });
    await new Promise((resolve) => setTimeout(resolve, 200));
    await holder.release(lease!);
    expect(await waitedRelease).toBe(true);
    expect(await acquired).toMatchObject({ holder: 'worker-b' });
    // Each wait: a look at once, one at the release, and at most one per 500 ms in between (the fallback), where
    // polling every 15 ms would have sent a dozen.
    const fallbackLooks = Math.ceil((Date.now() - started) / 500);
    expect(commands.filter((name) => name === 'exists').length).toBeLessThanOrEqual(2 + fallbackLooks);
    expect(commands.filter((name) => name === 'evalsha').length).toBeLessThanOrEqual(2 + fallbackLooks);
    expect(waiter.listening).toBe(false);
  });

  it('hears releases through a client with a keyPrefix (which ioredis puts before keys, not channels)', async () => {
    const client = redis.createClient({ keyPrefix: 'app:' });
    const locks = new RedisLockManager({ client, prefix: freshPrefix() });
    const watch = await locks.watchReleases('report');
    try {
      const lease = await locks.acquire('report', 'worker-a', { leaseMs: 60_000 });
      await locks.release(lease!);
      expect(await watch.next(60_000)).toBe(true);
    } finally {
      watch.close();
    }
  });

  it('publishes each release on a channel of its lock, which a watch of another key does not hear', async () => {
    const locks = new RedisLockManager({ client: redis.client, prefix: freshPrefix() });
    const other = await locks.watchReleases('report/2');
    const watch = await locks.watchReleases('report/1');
    try {
      const lease = await locks.acquire('report/1', 'worker-a', { leaseMs: 60_000 });
      await locks.release(lease!);
      expect(await watch.next(60_000)).toBe(true);
      expect(await other.next(0)).toBe(false);
    } finally {
      watch.close();
      other.close();
    }
    expect(locks.listening).toBe(false);
  });
  it('waits by asking again when its client may not SUBSCRIBE (an ACL, a proxy without pub/sub)', async () => {
    const prefix = freshPrefix();
    await redis.client.call('ACL', 'SETUSER', 'no-subscribe', 'on', '>secret', '~*', '&*', '+@all', '-subscribe');
    const holder = new RedisLockManager({ client: redis.createClient(), prefix });
    const waiter = new RedisLockManager({
      client: redis.createClient({ username: 'no-subscribe', password: 'secret' }),
      prefix,
    });
    const lease = await holder.acquire('report', 'worker-a', { leaseMs: 60_000 });

    // Held throughout: the wait times out, as any wait does, instead of failing with the refused SUBSCRIBE.
    expect(await waiter.acquire('report', 'worker-b', { leaseMs: 60_000, timeoutMs: 50 })).toBeUndefined();
    const released = waiter.waitForRelease('report', 60_000);
    await holder.release(lease!);
    expect(await released).toBe(true);
    expect(waiter.listening).toBe(false);
  });
});
