import { Plugin, type PluginApi, type PluginContext } from '@inversifyjs/plugin';
import type { Container, ServiceIdentifier } from 'inversify';
import { hasDecoratedMethods } from '../definitions/definitionRegistry';
import type { Engine } from '../engine/Engine';
import { ConfigurationError } from '../errors/ConfigurationError';
import { bindDefaults } from './bindDefaults';
import { collectServiceIdentifiers } from './collectServiceIdentifiers';
import { containerDefaults } from './containerDefaults';
import { checkInstallOptions, type InstallOptions } from './InstallOptions';
import { InstallTimeBindings } from './InstallTimeBindings';
import { FLOWCACHE_ENGINE, FLOWCACHE_LOGGER, FLOWCACHE_SETTINGS, MEMORY_TIER } from './tokens';

/** What `container.register` accepts: a plugin class, built by the container with its internals. */
export type FlowcachePluginClass = new (container: Container, context: PluginContext) => Plugin<Container>;

const installed = new WeakSet<Container>();

/**
 * flowcache as an inversify plugin, with install options: `container.register(flowcachePlugin({ settings }))`
 * does what `installFlowcache(container, { settings })` does (see there); get the engine with
 * `container.get(FLOWCACHE_ENGINE)`. Unknown options throw `ConfigurationError` here, registering it in a
 * container where flowcache is installed already throws when registered.
 */
export function flowcachePlugin(options: InstallOptions = {}): FlowcachePluginClass {
  checkInstallOptions(options);
  return class FlowcachePlugin extends Plugin<Container> {
    load(api: PluginApi): void {
      install(this._container, this._context, api, options);
    }
  };
}

/** flowcache as an inversify plugin with the default options: `container.register(FlowcachePlugin)`. */
export const FlowcachePlugin: FlowcachePluginClass = flowcachePlugin();

function install(container: Container, context: PluginContext, api: PluginApi, options: InstallOptions): void {
  if (installed.has(container)) {
    throw new ConfigurationError(
      'flowcache is already installed in this container; install it ' +
        'once (installFlowcache or container.register(FlowcachePlugin))',
    );
  }
  const { bindingService, planResultCacheService } = context;
  bindDefaults(container, options, containerDefaults(container, bindingService));
  const engine = container.get(FLOWCACHE_ENGINE);
  const builtFrom = new InstallTimeBindings(bindingService, {
    FLOWCACHE_SETTINGS,
    FLOWCACHE_LOGGER,
    MEMORY_TIER,
    FLOWCACHE_ENGINE,
  });
  watchPlans(container, api, attachingActivation(engine, builtFrom));
  // Plans made before installation would never reach onPlan again.
  planResultCacheService.clearCache();
  installed.add(container);
}

// Attaches the engine to instances that have decorated methods and returns everything unchanged.
function attachingActivation(engine: Engine, builtFrom: InstallTimeBindings) {
  return (_context: unknown, instance: unknown): unknown => {
    if (typeof instance === 'object' && instance !== null && hasDecoratedMethods(instance)) {
      builtFrom.check(); // throws when a binding the engine was built from changed
      engine.attach(instance); // throws when a SERIALIZABLE task has no lock manager
    }
    return instance;
  };
}

// inversify 8 has no container-wide activation hook, so flowcache watches every plan the container makes and adds
// an activation handler to each service it has not seen.
function watchPlans(container: Container, api: PluginApi, activation: ReturnType<typeof attachingActivation>): void {
  const watched = new Set<ServiceIdentifier>();
  api.onPlan((_options, result) => {
    for (const serviceId of collectServiceIdentifiers(result.tree.root)) {
      if (watched.has(serviceId)) continue;
      watched.add(serviceId);
      container.onActivation(serviceId, activation);
    }
  });
}
