import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type { Redis } from 'ioredis';
import {
  ConfigurationError,
  LockLostError,
  pollWatching,
  StorageError,
  type AcquireOptions,
  type Lease,
  type LockManager,
  type PollLook,
  type ReleaseWatch,
} from '@flowcache/core/adapters';
import { ACQUIRE, RELEASE, RENEW } from './lockScripts';
import { redisLocation } from './redisLocation';
import { ReleaseNotices } from './ReleaseNotices';
import { NoAnswerError, withinTime } from './withinTime';

/** How to reach the Redis server holding the locks. */
export interface RedisLockManagerOptions {
  /**
   * Your ioredis client (`new Redis(url, options)`): its server, database, credentials, TLS, `keyPrefix`, retries
   * and timeouts are used as they are. The lock manager never connects, reconnects or closes it: `quit()` it when
   * your process shuts down.
   */
  readonly client: Redis;
  /** Put with `:` in front of every lock's key: the lock on `report/1` is `flowcache:lock:report/1`. */
  readonly prefix?: string;
  /**
   * The longest the manager waits for Redis to answer one of its commands, in milliseconds, and a renewal at most
   * a third of its lease (renewals are sent every third of it): then the command fails (`StorageError`, transient)
   * and the holder learns it lost its lock within its lease, instead of when the link returns. Applies to this
   * manager's commands only, never to the client's others; a command still queued in the client (ioredis keeps
   * commands while it reconnects) may reach Redis later, where its token check keeps it from touching another
   * holder's lock. Default 5000.
   */
  readonly commandTimeoutMs?: number;
}

/** A lock's value in Redis, as JSON: who holds it and the token that proves it; host and pid are for people. */
interface LockValue {
  readonly holder: string;
  readonly token: string;
  readonly host: string;
  readonly pid: number;
}

const DEFAULT_PREFIX = 'flowcache:lock';
const DEFAULT_COMMAND_TIMEOUT_MS = 5_000;
// How long a waiter waits for a release notice before it asks again: an expiry is not announced (a crashed
// holder's lease ends silently), and a message may be lost.
const FALLBACK_MS = 500;

/**
 * Leases as Redis keys, for processes on any number of hosts sharing one Redis server. The lock on `key` is the
 * string `<prefix>:<key>` holding `{ holder, token, host, pid }` as JSON, with the lease as its PX expiry, so it
 * expires on the server's clock: the workers' clocks never need to agree. Every change is one Lua script, run
 * atomically by the server: acquire is `SET NX PX` (exactly one of many contenders creates the key), or a
 * `PEXPIRE` when the same holder already has it; renew and release check the lease's token and then `PEXPIRE` or
 * `DEL`. A release also publishes on the lock's channel, so that waiters (`watchReleases`) wake at once. Redis
 * failures throw `StorageError`, naming the location, the operation and the key.
 */
export class RedisLockManager implements LockManager {
  /** `redis://host:port/db/prefix` (`rediss://` with TLS), never with a user name or password: it ends up in logs. */
  readonly location: string;
  /** The prefix of the lock keys, without the client's `keyPrefix`. */
  readonly prefix: string;
  private readonly client: Redis;
  private readonly commandTimeoutMs: number;
  private readonly host = os.hostname();
  private readonly notices: ReleaseNotices;

  /**
   * Throws `ConfigurationError` without an ioredis client of one server, with an empty prefix, or with a command
   * timeout that is not a positive number of milliseconds.
   */
  constructor(options: RedisLockManagerOptions) {
    const {
      client,
      prefix = DEFAULT_PREFIX,
      commandTimeoutMs = DEFAULT_COMMAND_TIMEOUT_MS,
    } = (options ?? {}) as Partial<RedisLockManagerOptions>;
    if (typeof client?.evalsha !== 'function' || typeof client.options !== 'object' || client.options === null) {
      throw new ConfigurationError(
        'RedisLockManager needs an ioredis client: new RedisLockManager({ client: new Redis(url) })',
      );
    }
    if ((client as { isCluster?: boolean }).isCluster === true) {
      throw new ConfigurationError('RedisLockManager needs a client of one Redis server, not a Redis Cluster client');
    }
    if (typeof prefix !== 'string' || prefix === '') {
      throw new ConfigurationError(
        `RedisLockManager's prefix must be a non-empty string, got ${JSON.stringify(prefix)}`,
      );
    }
    if (typeof commandTimeoutMs !== 'number' || !(commandTimeoutMs > 0) || commandTimeoutMs === Infinity) {
      throw new ConfigurationError(
        `RedisLockManager's commandTimeoutMs must be a positive, finite number of milliseconds, got ${String(
          commandTimeoutMs,
        )}`,
      );
    }
    this.client = client;
    this.notices = new ReleaseNotices(client);
    this.prefix = prefix;
    this.commandTimeoutMs = commandTimeoutMs;
    this.location = redisLocation(client.options, prefix);
  }

  /**
   * Takes the lock, or renews it when `holder` already has it: one round trip per attempt. While someone else
   * holds the key it waits, up to `timeoutMs`, for the release (`watchReleases`), and tries again then, or after
   * 500 ms without one.
   */
  async acquire(key: string, holder: string, { leaseMs, timeoutMs = 0 }: AcquireOptions): Promise<Lease | undefined> {
    return pollWatching(
      async (): Promise<PollLook<Lease>> => {
        const lease = await this.tryAcquire(key, holder, leaseMs);
        return lease === undefined ? { ready: false } : { ready: true, value: lease };
      },
      () => this.watchReleases(key),
      { timeoutMs, intervalMs: FALLBACK_MS },
    );
  }

  /**
   * Sets the key's expiry to `leaseMs` from now if the lease's token still holds it (one round trip), waiting at
   * most a third of the lease for the answer.
   */
  async renew(lease: Lease, leaseMs: number): Promise<Lease> {
    const sentAt = Date.now();
    const renewed = await this.command(
      'renew',
      lease.key,
      () => RENEW.run(this.client, [this.redisKey(lease.key)], [lease.token, wholeMilliseconds(leaseMs)]),
      Math.min(this.commandTimeoutMs, leaseMs / 3),
    );
    if (renewed !== 1) throw new LockLostError(lease.key, lease.holder);
    return { ...lease, expiresAt: sentAt + leaseMs };
  }

  /** Deletes the key if the lease's token still holds it, and tells the waiters (one round trip). */
  async release(lease: Lease): Promise<void> {
    const released = await this.command('release', lease.key, () =>
      RELEASE.run(this.client, [this.redisKey(lease.key)], [lease.token, this.releaseChannel(lease.key)]),
    );
    if (released !== 1) throw new LockLostError(lease.key, lease.holder);
  }

  /** Whether the key exists: Redis drops it when its lease expires (one round trip). */
  async isLocked(key: string): Promise<boolean> {
    return this.exists('isLocked', key);
  }

  /**
   * Asks whether the key exists, and while it does, asks again at its release (`watchReleases`) or after 500 ms
   * without one, until it does not or `timeoutMs` has passed.
   */
  async waitForRelease(key: string, timeoutMs: number): Promise<boolean> {
    const released = await pollWatching(
      async (): Promise<PollLook<true>> =>
        (await this.exists('waitForRelease', key)) ? { ready: false } : { ready: true, value: true },
      () => this.watchReleases(key),
      { timeoutMs, intervalMs: FALLBACK_MS },
    );
    return released ?? false;
  }

  /**
   * Tells of every release of the lock: each release publishes on the lock's channel, and the watch listens on a
   * connection of its own (`client.duplicate()`), open while this manager has a watch and closed after the last.
   * An expiry is not announced: waiters look again after a bounded pause all the same.
   */
  watchReleases(key: string): Promise<ReleaseWatch> {
    return this.notices.watch(this.releaseChannel(key));
  }

  /** @internal Whether the connection for release notices is open (for tests: not once every wait has ended). */
  get listening(): boolean {
    return this.notices.connected;
  }

  /**
   * The channel a lock's releases are published on: its full Redis key (with the client's `keyPrefix`) and the
   * database, as channels are shared by all databases of a server and not prefixed by the client.
   */
  private releaseChannel(key: string): string {
    const keyPrefix = this.client.options.keyPrefix ?? '';
    return `released:${this.client.options.db ?? 0}:${keyPrefix}${this.redisKey(key)}`;
  }

  /** The Redis key of a lock (the client adds its own `keyPrefix` in front). */
  private redisKey(key: string): string {
    return `${this.prefix}:${key}`;
  }

  // One round trip: creates the lock, renews it for its holder, or finds it held by someone else.
  private async tryAcquire(key: string, holder: string, leaseMs: number): Promise<Lease | undefined> {
    const value: LockValue = { holder, token: randomUUID(), host: this.host, pid: process.pid };
    // The server starts the lease when the script runs, after this: the lease never ends later than it thinks.
    const sentAt = Date.now();
    const token = await this.command('acquire', key, () =>
      ACQUIRE.run(
        this.client,
        [this.redisKey(key)],
        [JSON.stringify(value), value.token, holder, wholeMilliseconds(leaseMs)],
      ),
    );
    return typeof token === 'string' ? { key, holder, token, expiresAt: sentAt + leaseMs } : undefined;
  }

  private async exists(operation: string, key: string): Promise<boolean> {
    return (await this.command(operation, key, () => this.client.exists(this.redisKey(key)))) === 1;
  }

  // Runs one Redis command, waiting at most `timeoutMs` for its answer; its failure (no connection, no answer in
  // time, an error reply) names the location and key.
  private async command<T>(
    operation: string,
    key: string,
    send: () => Promise<T>,
    timeoutMs = this.commandTimeoutMs,
  ): Promise<T> {
    try {
      return await withinTime(send(), timeoutMs, 'Redis did not answer');
    } catch (error) {
      throw new StorageError(this.location, operation, key, error, { transient: error instanceof NoAnswerError });
    }
  }
}

// PX and PEXPIRE take whole milliseconds; leases may be given as any number ≥ 1.
function wholeMilliseconds(ms: number): number {
  return Math.ceil(ms);
}
