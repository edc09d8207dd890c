import { Container } from 'inversify';
import {
  FLOWCACHE_ENGINE,
  FLOWCACHE_LOGGER,
  FLOWCACHE_SETTINGS,
  installFlowcache,
  RESULT_STORE,
  type Engine,
} from '@flowcache/core';

/**
 * Attaches `engine` to those of `instances` whose class has `@Task`/`@Flow` methods, exactly as
 * `installFlowcache` does for the instances an inversify container resolves, including its startup check that
 * throws `ConfigurationError` when a SERIALIZABLE task has no lock manager. `onError` receives that error with
 * the instance it is about; by default it is thrown.
 *
 * Why a private inversify container: core exposes that check, and the knowledge of which classes have
 * decorated methods, only through `installFlowcache`'s activation hook. Handing each instance to a throwaway
 * container installed with this engine reuses both unchanged instead of copying core internals. Nothing else
 * sees the container, and the instances stay as they were (no proxy, same identity).
 */
export function attachThroughCore(
  engine: Engine,
  instances: Iterable<object>,
  onError: (error: unknown, instance: object) => never = (error) => {
    throw error;
  },
): void {
  const container = new Container();
  // Bound first, so installFlowcache uses this engine (and its settings) instead of building its own.
  container.bind(FLOWCACHE_ENGINE).toConstantValue(engine);
  container.bind(FLOWCACHE_SETTINGS).toConstantValue(engine.settings);
  container.bind(FLOWCACHE_LOGGER).toConstantValue(engine.logger);
  container.bind(RESULT_STORE).toConstantValue(engine.results);
  installFlowcache(container);
  for (const instance of instances) {
    const token = Symbol('instance');
    container.bind(token).toConstantValue(instance);
    try {
      container.get(token); // activation: core checks the instance, and attaches the engine when it has tasks
    } catch (error) {
      onError(error, instance);
    }
  }
}
