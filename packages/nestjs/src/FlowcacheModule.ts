import { Module, type DynamicModule } from '@nestjs/common';
import { ConfigurationError } from '@flowcache/core';
import { FlowcacheConfigurableModule } from './FlowcacheModuleDefinition';
import type {
  FlowcacheModuleAsyncOptions,
  FlowcacheModuleExtras,
  FlowcacheModuleOptions,
} from './FlowcacheModuleOptions';

const SOURCES = ['useFactory', 'useClass', 'useExisting'] as const;

/**
 * flowcache for a Nest application: one `Engine`, injectable as `Engine` or `@Inject(FLOWCACHE_ENGINE)`, and at
 * startup every provider and controller whose class has `@Task`/`@Flow` methods is routed through it, self-calls
 * included. Global unless `isGlobal: false`: import it once, in the root module.
 *
 * @example
 * ```ts
 * @Module({ imports: [FlowcacheModule.forRoot({ storage: new FileSystemStorage({ basePath: '.flowcache' }) })] })
 * export class AppModule {}
 * ```
 */
@Module({})
export class FlowcacheModule extends FlowcacheConfigurableModule {
  /**
   * The engine built from `options` (`new Engine(options)`; see
   * `FlowcacheModuleOptions`), plus `isGlobal`, `extraProviders`.
   */
  static override forRoot(options: FlowcacheModuleOptions & Partial<FlowcacheModuleExtras> = {}): DynamicModule {
    if (!isObject(options)) {
      throw new ConfigurationError(`FlowcacheModule.forRoot options must be an object, got ${String(options)}`);
    }
    checkExtras('forRoot', options);
    return super.forRoot(options);
  }

  /**
   * The engine built from the options that `useFactory` (given the providers named in `inject`), a `useClass`
   * options factory or a `useExisting` one returns; `imports` make other modules' providers available.
   */
  static override forRootAsync(options: FlowcacheModuleAsyncOptions): DynamicModule {
    const given = isObject(options) ? SOURCES.filter((name) => options[name] !== undefined) : [];
    if (given.length !== 1) {
      throw new ConfigurationError(
        `FlowcacheModule.forRootAsync needs exactly one of useFactory (a function returning the engine options), ` +
          `useClass or useExisting (a class with createFlowcacheOptions()), ` +
          `got ${given.length === 0 ? 'none' : given.join(', ')}`,
      );
    }
    if (typeof options[given[0]] !== 'function') {
      throw new ConfigurationError(
        `FlowcacheModule.forRootAsync ${given[0]} must be ` +
          `${given[0] === 'useFactory' ? 'a function' : 'a class'}, got ${String(options[given[0]])}`,
      );
    }
    checkExtras('forRootAsync', options);
    return super.forRootAsync(options);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkExtras(method: string, extras: Partial<FlowcacheModuleExtras>): void {
  if (extras.isGlobal !== undefined && typeof extras.isGlobal !== 'boolean') {
    throw new ConfigurationError(
      `FlowcacheModule.${method} isGlobal must be true or false, got ${String(extras.isGlobal)}`,
    );
  }
  if (extras.extraProviders !== undefined && !Array.isArray(extras.extraProviders)) {
    throw new ConfigurationError(`FlowcacheModule.${method} extraProviders must be an array of providers`);
  }
}
