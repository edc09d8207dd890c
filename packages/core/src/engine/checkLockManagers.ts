import { definitionsOf } from '../definitions/definitionRegistry';
import { ConfigurationError } from '../errors/ConfigurationError';
import type { LockManager } from '../locks/LockManager';

/**
 * Throws `ConfigurationError` when the instance has SERIALIZABLE tasks that would have no lock manager on this
 * engine: found when the instance is attached (at startup, when a container resolves it), not on a first call
 * at 3 a.m.
 */
export function checkLockManagers(instance: object, engineLockManager: () => LockManager | undefined): void {
  const unlocked = definitionsOf(instance).filter(
    (task) => task.isolationLevel === 'SERIALIZABLE' && task.lockManager === undefined,
  );
  // Asked only when needed: a container's LOCK_MANAGER binding counts from its first use on.
  if (unlocked.length === 0 || engineLockManager() !== undefined) return;
  throw new ConfigurationError(
    `${unlocked.map((task) => task.name).join(', ')} ${unlocked.length === 1 ? 'is' : 'are'} SERIALIZABLE but no ` +
      'lock manager is configured: bind LOCK_MANAGER in the container, pass one to ' +
      'new Engine({ lockManager }) or FlowcacheModule.forRoot({ lockManager }) (e.g. new MemoryLockManager() for ' +
      'one process), or give the task a lockManager',
  );
}
