import type { ConfigurableModuleAsyncOptions, Provider } from '@nestjs/common';
import type { EngineOptions } from '@flowcache/core';

/**
 * How `FlowcacheModule` builds the application's engine: the options of core's `new Engine(options)` —
 * `storage`, `settings`, `logger`, `lockManager`, `serializer`, `clock`, `results` — all optional. Without a
 * `logger`, warnings go to Nest's `Logger` under the context `Flowcache`.
 */
export type FlowcacheModuleOptions = EngineOptions;

/** Options of `forRoot` and `forRootAsync` that shape the module itself rather than the engine. */
export interface FlowcacheModuleExtras {
  /**
   * Whether every module sees the engine without importing `FlowcacheModule` (default `true`). With `false`, a
   * module that injects `Engine` imports the module too: import one `forRoot`/`forRootAsync` result in a shared
   * module and export it from there.
   */
  isGlobal: boolean;
  /**
   * Providers added to the module, for `useFactory` to `inject`
   * (a value, a small factory) without a module of their own.
   */
  extraProviders: Provider[];
}

/** Name of the method that an options factory class (`useClass`, `useExisting`) implements. */
export const FLOWCACHE_OPTIONS_FACTORY_METHOD = 'createFlowcacheOptions';

/** A provider that makes the engine's options, given to `forRootAsync` as `useClass` or `useExisting`. */
export interface FlowcacheOptionsFactory {
  /** Returns the engine's options, or a promise of them. */
  createFlowcacheOptions(): FlowcacheModuleOptions | Promise<FlowcacheModuleOptions>;
}

/**
 * `FlowcacheModule.forRootAsync` options: the engine's options come from exactly one of `useFactory` (called with
 * the providers named in `inject`), `useClass` (a `FlowcacheOptionsFactory` the module instantiates) or
 * `useExisting` (a `FlowcacheOptionsFactory` provider that `imports` export). `imports` make providers of other
 * modules available, `extraProviders` adds some to the module itself.
 */
export type FlowcacheModuleAsyncOptions = ConfigurableModuleAsyncOptions<
  FlowcacheModuleOptions,
  typeof FLOWCACHE_OPTIONS_FACTORY_METHOD
> &
  Partial<FlowcacheModuleExtras>;

/** Injection token of the options the module was given (or `useFactory` returned). */
export const FLOWCACHE_MODULE_OPTIONS = Symbol.for('flowcache.nestjs.moduleOptions');
