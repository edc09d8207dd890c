import type { Container } from 'inversify';
import type { Engine } from '../engine/Engine';
import { flowcachePlugin } from './flowcachePlugin';
import type { InstallOptions } from './InstallOptions';
import { FLOWCACHE_ENGINE } from './tokens';

export type { InstallOptions } from './InstallOptions';

/**
 * Installs flowcache into an inversify container: binds the defaults under `FLOWCACHE_SETTINGS`,
 * `MEMORY_TIER`, `FLOWCACHE_LOGGER` and `FLOWCACHE_ENGINE` (unless already bound), and attaches the engine to
 * every instance with `@Task`/`@Flow` methods the container resolves, whatever the binding (`toSelf`, a token,
 * a constant or a factory) and the scope. Call it once, before resolving services. `RESULT_STORAGE`,
 * `RESULT_SERIALIZER` and `LOCK_MANAGER` are read when first needed, so they may be bound before or after
 * installing; from their first use on they are fixed (a later change throws `ConfigurationError`). The same as
 * `container.register(flowcachePlugin(options))`, returning the engine.
 */
export function installFlowcache(container: Container, options: InstallOptions = {}): Engine {
  container.register(flowcachePlugin(options));
  return container.get(FLOWCACHE_ENGINE);
}
