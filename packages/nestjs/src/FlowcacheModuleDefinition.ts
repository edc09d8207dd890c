import { ConfigurableModuleBuilder, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { Engine, FLOWCACHE_ENGINE } from '@flowcache/core';
import { createEngine } from './createEngine';
import { FlowcacheExplorer } from './FlowcacheExplorer';
import {
  FLOWCACHE_MODULE_OPTIONS,
  FLOWCACHE_OPTIONS_FACTORY_METHOD,
  type FlowcacheModuleExtras,
  type FlowcacheModuleOptions,
} from './FlowcacheModuleOptions';

/**
 * The base of `FlowcacheModule`, made by Nest's `ConfigurableModuleBuilder`: it generates `forRoot` and
 * `forRootAsync` (`useFactory`, `useClass`, `useExisting`, `imports`, `inject`) as every configurable Nest module
 * has them, and `addEngine` adds what makes it flowcache's.
 */
export const { ConfigurableModuleClass: FlowcacheConfigurableModule } =
  new ConfigurableModuleBuilder<FlowcacheModuleOptions>({
    optionsInjectionToken: FLOWCACHE_MODULE_OPTIONS,
  })
    .setClassMethodName('forRoot')
    .setFactoryMethodName(FLOWCACHE_OPTIONS_FACTORY_METHOD)
    // Global by default: one engine per application, seen by every module without importing it again.
    .setExtras<FlowcacheModuleExtras>({ isGlobal: true, extraProviders: [] }, addEngine)
    .build();

/** Completes a generated module definition: the engine built from the options, and the explorer attaching it. */
function addEngine(definition: DynamicModule, extras: FlowcacheModuleExtras): DynamicModule {
  return {
    ...definition,
    global: extras.isGlobal,
    imports: [DiscoveryModule, ...(definition.imports ?? [])],
    providers: [
      ...(definition.providers ?? []),
      ...extras.extraProviders,
      { provide: FLOWCACHE_ENGINE, useFactory: createEngine, inject: [FLOWCACHE_MODULE_OPTIONS] },
      // The class itself as a token too, so `constructor(private readonly engine: Engine)` needs no @Inject.
      { provide: Engine, useExisting: FLOWCACHE_ENGINE },
      FlowcacheExplorer,
    ],
    exports: [FLOWCACHE_ENGINE, Engine],
  };
}
