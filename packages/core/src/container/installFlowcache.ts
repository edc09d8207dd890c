import { Plugin, type PluginApi } from '@inversifyjs/plugin';
import type { Container, ServiceIdentifier } from 'inversify';
import { MemoryResultStore } from '../cache/MemoryResultStore';
import { hasDecoratedMethods } from '../definitions/definitionRegistry';
import { Engine } from '../engine/Engine';
import { ConfigurationError } from '../errors/ConfigurationError';
import { consoleLogger, type Logger } from '../settings/Logger';
import { resolveSettings, type FlowcacheSettings } from '../settings/settings';
import { collectServiceIdentifiers } from './collectServiceIdentifiers';
import {
  FLOWCACHE_ENGINE,
  FLOWCACHE_LOGGER,
  FLOWCACHE_SETTINGS,
  LOCK_MANAGER,
  RESULT_SERIALIZER,
  RESULT_STORAGE,
  RESULT_STORE,
} from './tokens';

/** Container-wide defaults; anything already bound under its token wins over these. */
export interface InstallOptions {
  settings?: Partial<FlowcacheSettings>;
  logger?: Logger;
  /** The current time in epoch milliseconds, for expiry and `context.now`; by default `Date.now`. */
  clock?: () => number;
}

const installed = new WeakSet<Container>();

/**
 * Installs flowcache into an inversify container: binds the defaults under `FLOWCACHE_SETTINGS`,
 * `RESULT_STORE`, `FLOWCACHE_LOGGER` and `FLOWCACHE_ENGINE` (unless already bound), uses `RESULT_STORAGE` and
 * `RESULT_SERIALIZER` when they are bound (before installing), and attaches the engine to
 * every instance with `@Task`/`@Flow` methods the container resolves, whatever the binding (`toSelf`, a token,
 * a constant or a factory) and the scope. Call it once, before resolving services.
 */
export function installFlowcache(container: Container, options: InstallOptions = {}): Engine {
  if (installed.has(container)) {
    throw new ConfigurationError('flowcache is already installed in this container; call installFlowcache once');
  }
  for (const name of Object.keys(options)) {
    if (!INSTALL_OPTION_NAMES.includes(name)) {
      throw new ConfigurationError(`unknown install option "${name}"; the options are ${INSTALL_OPTION_NAMES.join(', ')}`);
    }
  }
  // Check everything before binding anything, so a failed installation can be corrected and retried.
  const settings = container.isBound(FLOWCACHE_SETTINGS) ? undefined : resolveSettings(options.settings);
  if (settings !== undefined) container.bind(FLOWCACHE_SETTINGS).toConstantValue(settings);
  bindDefaults(container, options);
  const engine = container.get(FLOWCACHE_ENGINE);
  container.register(attachingPlugin(engine));
  installed.add(container);
  return engine;
}

const INSTALL_OPTION_NAMES: readonly string[] = ['settings', 'logger', 'clock'];

function bindDefaults(container: Container, options: InstallOptions): void {
  if (!container.isBound(FLOWCACHE_LOGGER)) {
    container.bind(FLOWCACHE_LOGGER).toConstantValue(options.logger ?? consoleLogger);
  }
  if (!container.isBound(RESULT_STORE)) {
    container
      .bind(RESULT_STORE)
      .toDynamicValue((context) => {
        const { memoryCacheSize, memoryCacheMaxBytes } = context.get(FLOWCACHE_SETTINGS);
        return new MemoryResultStore(memoryCacheSize, memoryCacheMaxBytes);
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
            results: context.get(RESULT_STORE),
            logger: context.get(FLOWCACHE_LOGGER),
            clock: options.clock,
            // Read when first needed, so a container that persists nothing never loads a storage adapter.
            ...(container.isBound(RESULT_STORAGE) ? { storage: () => container.get(RESULT_STORAGE) } : {}),
            ...(container.isBound(RESULT_SERIALIZER) ? { serializer: context.get(RESULT_SERIALIZER) } : {}),
            ...(container.isBound(LOCK_MANAGER) ? { lockManager: context.get(LOCK_MANAGER) } : {}),
          }),
      )
      .inSingletonScope();
  }
}

// inversify 8 has no container-wide activation hook, so the plugin watches every plan the container makes and
// adds an activation handler to each service it has not seen; the handler attaches the engine to instances
// that have decorated methods and returns everything unchanged.
function attachingPlugin(engine: Engine) {
  return class FlowcachePlugin extends Plugin<Container> {
    load(api: PluginApi): void {
      const watched = new Set<ServiceIdentifier>();
      const attach = (_context: unknown, instance: unknown): unknown => {
        if (typeof instance === 'object' && instance !== null && hasDecoratedMethods(instance)) {
          engine.attach(instance); // throws when a SERIALIZABLE task has no lock manager
        }
        return instance;
      };
      api.onPlan((_options, result) => {
        for (const serviceId of collectServiceIdentifiers(result.tree.root)) {
          if (watched.has(serviceId)) continue;
          watched.add(serviceId);
          this._container.onActivation(serviceId, attach);
        }
      });
      // Plans made before installation would never reach onPlan again.
      this._context.planResultCacheService.clearCache();
    }
  };
}
