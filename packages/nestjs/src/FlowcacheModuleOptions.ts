import type { FactoryProvider, ModuleMetadata } from '@nestjs/common';
import type { EngineOptions } from '@flowcache/core';

/**
 * How `FlowcacheModule` builds the application's engine: the options of core's `new Engine(options)` —
 * `storage`, `settings`, `logger`, `lockManager`, `serializer`, `clock`, `results` — all optional. Without a
 * `logger`, warnings go to Nest's `Logger` under the context `Flowcache`.
 */
export type FlowcacheModuleOptions = EngineOptions;

/**
 * `FlowcacheModule.forRootAsync` options: the engine's options come from `useFactory`, which Nest calls with the
 * providers named in `inject` (taken from `imports`), e.g. a configuration service or an `S3Client`.
 */
export interface FlowcacheModuleAsyncOptions {
  /** Modules exporting the providers `inject` names. */
  imports?: ModuleMetadata['imports'];
  /** Providers passed to `useFactory`, in order. */
  inject?: FactoryProvider['inject'];
  /** Returns the engine's options, or a promise of them. */
  useFactory: (...args: any[]) => FlowcacheModuleOptions | Promise<FlowcacheModuleOptions>;
}

/** Injection token of the options the module was given (or `useFactory` returned). */
export const FLOWCACHE_MODULE_OPTIONS = Symbol.for('flowcache.nestjs.moduleOptions');
