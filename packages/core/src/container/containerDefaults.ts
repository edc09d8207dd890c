import type { Container } from 'inversify';
import type { BoundDefaults } from '../engine/BoundDefaults';
import { resolveSerializer } from '../serializers/serializerRegistry';
import type { ContainerBindings } from './bindingIds';
import { LateBinding } from './LateBinding';
import { LOCK_MANAGER, RESULT_SERIALIZER, RESULT_STORAGE } from './tokens';

/**
 * The engine's `RESULT_STORAGE`, `RESULT_SERIALIZER` and `LOCK_MANAGER`, read from the container when first
 * needed (so they may be bound before or after installing) and fixed from then on (see `LateBinding`).
 */
export function containerDefaults(container: Container, bindings: ContainerBindings): BoundDefaults {
  const storage = new LateBinding(container, bindings, RESULT_STORAGE, {
    name: 'RESULT_STORAGE',
    firstUse:
      "the first stored result the engine reads or writes: a persisted call, a flow run's history or engine.invalidate",
    change: 'results would be split between the storage used so far and the new one',
  });
  const serializer = new LateBinding(
    container,
    bindings,
    RESULT_SERIALIZER,
    {
      name: 'RESULT_SERIALIZER',
      firstUse: 'the first result persisted',
      change: 'records written so far and records written from now on would be encoded differently',
    },
    (bound) => resolveSerializer(bound, 'the RESULT_SERIALIZER binding'),
  );
  const lockManager = new LateBinding(container, bindings, LOCK_MANAGER, {
    name: 'LOCK_MANAGER',
    firstUse: 'resolving a service with a SERIALIZABLE task, or the first SERIALIZABLE call or transaction',
    change: 'calls holding locks of the first lock manager and calls taking the new one would not exclude each other',
  });
  return {
    storage: () => storage.current(),
    serializer: () => serializer.current(),
    lockManager: () => lockManager.current(),
    hasStorage: () => storage.isBound(),
  };
}
