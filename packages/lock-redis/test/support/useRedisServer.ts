import { afterAll, beforeAll } from '@jest/globals';
import { Redis, type RedisOptions } from 'ioredis';
import { describeNeeding } from '../../../../test/support/describeNeeding';
import { freshPrefix as sharedFreshPrefix } from '../../../../test/support/freshPrefix';
import { redisServerMissing, startRedisServer, type RedisServer } from './redisServer';

/** The test file's Redis server and clients for it; usable inside tests and hooks, not while tests are declared. */
export interface RedisFixture {
  readonly server: RedisServer;
  readonly url: string;
  /** A client shared by the file's tests. */
  readonly client: Redis;
  /** A new client of the server (its own connection), quit after the file's tests. */
  createClient(options?: RedisOptions): Redis;
}

/**
 * Declares `name`'s tests with a redis-server for the whole file (started before its tests, stopped after).
 * Without redis-server the tests fail in CI (`CI=true`), naming the package to install, and are skipped with a
 * loud warning elsewhere.
 */
export function describeWithRedis(name: string, declareTests: (redis: RedisFixture) => void): void {
  // Skipped, the hooks useRedisServer registers never run: no server is started.
  describeNeeding(redisServerMissing(), name, () => declareTests(useRedisServer()));
}

/** A prefix no other test uses, `<label>:<random UUID>`, so tests sharing one server start with no locks. */
export function freshPrefix(label = 'test'): string {
  return sharedFreshPrefix(label, ':');
}

function useRedisServer(): RedisFixture {
  let server: RedisServer | undefined;
  let shared: Redis | undefined;
  const clients: Redis[] = [];
  const started = () => {
    if (server === undefined) throw new Error('the Redis server starts in beforeAll: use it inside tests and hooks');
    return server;
  };
  const fixture: RedisFixture = {
    get server() {
      return started();
    },
    get url() {
      return started().url;
    },
    get client() {
      shared ??= fixture.createClient();
      return shared;
    },
    createClient(options = {}) {
      const client = new Redis(started().url, options);
      clients.push(client);
      return client;
    },
  };
  beforeAll(async () => {
    server = await startRedisServer();
  });
  afterAll(async () => {
    // quit() waits for replies still due; a client of a stopped server cannot quit and is disconnected.
    await Promise.all(clients.map((client) => (client.status === 'ready' ? client.quit() : client.disconnect())));
    await server?.stop();
  });
  return fixture;
}
