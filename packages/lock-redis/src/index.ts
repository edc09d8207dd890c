export { RedisLockManager, type RedisLockManagerOptions } from './RedisLockManager';
