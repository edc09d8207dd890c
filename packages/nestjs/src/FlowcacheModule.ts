import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ConfigurationError, Engine, FLOWCACHE_ENGINE } from '@flowcache/core';
import { createEngine } from './createEngine';
import { FlowcacheExplorer } from './FlowcacheExplorer';
import {
  FLOWCACHE_MODULE_OPTIONS,
  type FlowcacheModuleAsyncOptions,
  type FlowcacheModuleOptions,
} from './FlowcacheModuleOptions';

/**
 * flowcache for a Nest application: one `Engine`, injectable as `Engine` or `@Inject(FLOWCACHE_ENGINE)`, and at
 * startup every provider and controller whose class has `@Task`/`@Flow` methods is routed through it, self-calls
 * included. A global module: import it once, in the root module.
 *
 * @example
 * ```ts
 * @Module({ imports: [FlowcacheModule.forRoot({ storage: new FileSystemStorage({ basePath: '.flowcache' }) })] })
 * export class AppModule {}
 * ```
 */
@Module({})
export class FlowcacheModule {
  /** The engine built from `options` (`new Engine(options)`; see `FlowcacheModuleOptions`). */
  static forRoot(options: FlowcacheModuleOptions = {}): DynamicModule {
    return flowcacheModule([], { provide: FLOWCACHE_MODULE_OPTIONS, useValue: options });
  }

  /** The engine built from the options `useFactory` returns, given the providers named in `inject`. */
  static forRootAsync(options: FlowcacheModuleAsyncOptions): DynamicModule {
    if (typeof options?.useFactory !== 'function') {
      throw new ConfigurationError('FlowcacheModule.forRootAsync needs useFactory, a function returning the engine options');
    }
    return flowcacheModule(options.imports ?? [], {
      provide: FLOWCACHE_MODULE_OPTIONS,
      useFactory: options.useFactory,
      inject: options.inject ?? [],
    });
  }
}

function flowcacheModule(imports: NonNullable<DynamicModule['imports']>, options: Provider): DynamicModule {
  return {
    module: FlowcacheModule,
    global: true,
    imports: [DiscoveryModule, ...imports],
    providers: [
      options,
      { provide: FLOWCACHE_ENGINE, useFactory: createEngine, inject: [FLOWCACHE_MODULE_OPTIONS] },
      // The class itself as a token too, so `constructor(private readonly engine: Engine)` needs no @Inject.
      { provide: Engine, useExisting: FLOWCACHE_ENGINE },
      FlowcacheExplorer,
    ],
    exports: [FLOWCACHE_ENGINE, Engine],
  };
}
