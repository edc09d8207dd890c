import { LuaScript } from './LuaScript';

// Every lock's value is JSON `{ holder, token, host, pid }`. A value that is not (someone else's key under our
// prefix) decodes to nil: it is never renewed or deleted, and it holds the key until it expires.
const DECODE_LOCK = `
local function decodeLock(raw)
  if not raw then return nil end
  local ok, lock = pcall(cjson.decode, raw)
  if ok and type(lock) == 'table' and type(lock.holder) == 'string' and type(lock.token) == 'string' then
    return lock
  end
  return nil
end
`;

/**
 * KEYS[1] the lock; ARGV: the new lock's value, its token, the holder, the lease in ms. Creates the lock when the
 * key is free (an expired key is free: Redis forgets it at its PX), or renews it when the holder already has it,
 * keeping its token. Returns the lease's token, or nil when another holder has the key.
 */
export const ACQUIRE = new LuaScript(`${DECODE_LOCK}
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[4]) then
  return ARGV[2]
end
local lock = decodeLock(redis.call('GET', KEYS[1]))
if lock and lock.holder == ARGV[3] then
  redis.call('PEXPIRE', KEYS[1], ARGV[4])
  return lock.token
end
return false
`);

/**
 * KEYS[1] the lock; ARGV: the lease's token, the lease in ms. Extends the lease if it still holds the lock: 1, else 0.
 */
export const RENEW = new LuaScript(`${DECODE_LOCK}
local lock = decodeLock(redis.call('GET', KEYS[1]))
if lock and lock.token == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
`);

/**
 * KEYS[1] the lock; ARGV: the lease's token, the lock's release channel. Deletes the lock if the lease still holds
 * it, and announces it on the channel to the waiters: 1, else 0.
 */
export const RELEASE = new LuaScript(`${DECODE_LOCK}
local lock = decodeLock(redis.call('GET', KEYS[1]))
if lock and lock.token == ARGV[1] then
  redis.call('DEL', KEYS[1])
  redis.call('PUBLISH', ARGV[2], '1')
  return 1
end
return 0
`);
