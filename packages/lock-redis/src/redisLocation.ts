import type { RedisOptions } from 'ioredis';

/**
 * Where a client's locks live, for messages: `redis://host:port/db/prefix` (`rediss://` with TLS,
 * `redis+sentinel://name/db/prefix` through Sentinel, `redis+unix:///path/db/prefix` on a socket). The prefix
 * shown includes the client's own `keyPrefix`, so it is what `redis-cli KEYS` would show. User names and
 * passwords are never part of it: locations end up in logs.
 */
export function redisLocation(options: RedisOptions, prefix: string): string {
  const keyPrefix = options.keyPrefix == null ? '' : String(options.keyPrefix);
  return `${serverAddress(options)}/${options.db ?? 0}/${keyPrefix}${prefix}`;
}

// ioredis fills options it was not given with its defaults, some of them null: `== null` covers both.
function serverAddress({ sentinels, name, path, tls, host, port }: RedisOptions): string {
  if (sentinels != null && sentinels.length > 0) return `redis+sentinel://${name ?? ''}`;
  if (path != null && path !== '') return `redis+unix://${path}`;
  const hostname = host ?? 'localhost';
  const bracketed = hostname.includes(':') ? `[${hostname}]` : hostname; // an IPv6 address
  return `${tls ? 'rediss' : 'redis'}://${bracketed}:${port ?? 6379}`;
}
