import type { Container } from 'inversify';
import { MemoryTier } from '../cache/MemoryTier';
import type { BoundDefaults } from '../engine/BoundDefaults';
import { Engine } from '../engine/Engine';
import { consoleLogger } from '../settings/Logger';
import { resolveSettings } from '../settings/settings';
import type { InstallOptions } from './InstallOptions';
import { FLOWCACHE_ENGINE, FLOWCACHE_LOGGER, FLOWCACHE_SETTINGS, MEMORY_TIER } from './tokens';

/**
 * Binds flowcache's defaults under the tokens the container does not bind yet. Settings are resolved (and so
 * checked) before anything is bound, so a failed installation can be corrected and retried.
 */
export function bindDefaults(container: Container, options: InstallOptions, bound: BoundDefaults): void {
  const settings = container.isBound(FLOWCACHE_SETTINGS) ? undefined : resolveSettings(options.settings);
  if (settings !== undefined) container.bind(FLOWCACHE_SETTINGS).toConstantValue(settings);
  if (!container.isBound(FLOWCACHE_LOGGER)) {
    container.bind(FLOWCACHE_LOGGER).toConstantValue(options.logger ?? consoleLogger);
  }
  if (!container.isBound(MEMORY_TIER)) {
    container
      .bind(MEMORY_TIER)
      .toDynamicValue((context) => {
        const { memoryCacheSize, memoryCacheMaxBytes } = context.get(FLOWCACHE_SETTINGS);
        return new MemoryTier(memoryCacheSize, memoryCacheMaxBytes);
      })
      .inSingletonScope();
  }
  if (!container.isBound(FLOWCACHE_ENGINE)) {
    container
      .bind(FLOWCACHE_ENGINE)
      .toDynamicValue(
        (context) =>
          new Engine({
            settings: context.get(FLOWCACHE_SETTINGS),
            results: context.get(MEMORY_TIER),
            logger: context.get(FLOWCACHE_LOGGER),
            clock: options.clock,
            // Storage, serializer and lock manager are read when first needed, so they may be bound after
            // installing, and a container that persists nothing never loads a storage adapter.
            bound,
          }),
      )
      .inSingletonScope();
  }
}
