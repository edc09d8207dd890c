import type { LockManager } from '../locks/LockManager';
import type { Serializer } from '../serializers/Serializer';
import type { ResultStorage } from '../storage/ResultStorage';

/**
 * The defaults a container binds for its engine (`RESULT_STORAGE`, `RESULT_SERIALIZER`, `LOCK_MANAGER`), read
 * when the engine first needs each, not when flowcache is installed, so a binding made after installing counts.
 * Each method returns the bound value, or `undefined` when the token is unbound (the engine's own default then
 * applies), and throws `ConfigurationError` once the binding differs from the one seen at its first use.
 */
export interface BoundDefaults {
  storage(): ResultStorage | undefined;
  serializer(): Serializer | undefined;
  lockManager(): LockManager | undefined;
  /** Whether a default storage is bound now or was at its first use (without counting this as a use). */
  hasStorage(): boolean;
}
