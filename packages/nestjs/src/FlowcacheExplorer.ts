import { Inject, Injectable, type BeforeApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { ConfigurationError, Engine, FLOWCACHE_ENGINE, hasDecoratedMethods } from '@flowcache/core';

// What discovery returns for each provider and controller (Nest keeps the class itself out of its main entry).
type InstanceWrapper = ReturnType<DiscoveryService['getProviders']>[number];

/**
 * Routes the `@Task`/`@Flow` methods of every provider and controller instance of the application through the
 * module's engine, at startup. It runs in `onModuleInit` of a global module: every singleton exists by then, and
 * Nest runs global modules' hooks first, so the `onModuleInit` hooks of non-global modules already call through it.
 */
@Injectable()
export class FlowcacheExplorer implements OnModuleInit, BeforeApplicationShutdown {
  constructor(
    private readonly discovery: DiscoveryService,
    @Inject(FLOWCACHE_ENGINE) private readonly engine: Engine,
  ) {}

  onModuleInit(): void {
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()].filter(
      (wrapper) => !wrapper.isAlias,
    );
    // Two imports build two engines, and which one a provider gets depends on module order: refuse, loudly.
    const modules = wrappers
      .filter((wrapper) => wrapper.metatype === FlowcacheExplorer)
      .map((wrapper) => wrapper.host?.name);
    if (modules.length > 1) {
      throw new ConfigurationError(
        `FlowcacheModule is imported ${modules.length} times (forRoot/forRootAsync): import it once, in the root ` +
          'module; it is global, so every module sees its engine (with isGlobal: false, import it in one shared ' +
          'module that exports it, and import that module where the engine is injected)',
      );
    }
    this.refuseRequestScopedTasks(wrappers.filter((wrapper) => !wrapper.isDependencyTreeStatic()));
    const owners = new Map<object, InstanceWrapper>();
    for (const wrapper of wrappers) {
      for (const instance of staticInstancesOf(wrapper)) if (!owners.has(instance)) owners.set(instance, wrapper);
    }
    for (const [instance, wrapper] of owners) {
      if (!hasTasks(instance)) continue;
      try {
        this.engine.attach(instance); // throws when a SERIALIZABLE task has no lock manager
      } catch (error) {
        if (!(error instanceof ConfigurationError)) throw error;
        throw new ConfigurationError(
          `${describe(wrapper)}: ${error.message}. With forRootAsync, return lockManager from the factory`,
          { cause: error },
        );
      }
    }
  }

  /** Background writes (`persistMode: 'background'`) finish before the application closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.engine.flush();
  }

  // Nest makes request-scoped instances per request, long after startup, and offers no hook to attach them: their
  // tasks would silently run on core's default engine. Failing at startup says so while it is cheap.
  private refuseRequestScopedTasks(wrappers: InstanceWrapper[]): void {
    // Class providers only: what a request-scoped factory returns is unknown until its first request.
    const classProviders = wrappers.filter((wrapper) => typeof wrapper.metatype === 'function' && !wrapper.inject);
    const offending = classProviders.filter((wrapper) =>
      hasTasks(Object.create(wrapper.metatype!.prototype as object)),
    );
    if (offending.length === 0) return;
    throw new ConfigurationError(
      `${offending.map(describe).join(', ')} ${offending.length === 1 ? 'has' : 'have'} @Task/@Flow methods but ` +
        `${offending.length === 1 ? 'is' : 'are'} request-scoped ` +
        `(Scope.REQUEST, durable, or depending on a request-scoped ` +
        'provider): Nest creates such instances per request, ' +
        'after FlowcacheModule attached its engine at startup, so ' +
        "their tasks would run on core's default engine. Make the provider a singleton (the instance is never " +
        'part of a cache key, so all instances share results ' +
        'anyway) and pass per-request values as arguments, or move ' +
        'the cached methods into a singleton provider that it injects',
    );
  }
}

/** Whether a value's class has `@Task`/`@Flow` methods; a proxy whose prototype trap throws has none. */
function hasTasks(value: object): boolean {
  try {
    return hasDecoratedMethods(value);
  } catch {
    return false;
  }
}

/** The instances of a wrapper that exist for the application's lifetime: one, or one per consumer if transient. */
function staticInstancesOf(wrapper: InstanceWrapper): object[] {
  if (!wrapper.isDependencyTreeStatic()) return [];
  const instances = wrapper.isTransient
    ? wrapper.getStaticTransientInstances().map((holder) => holder?.instance)
    : [wrapper.instance];
  return instances.filter((instance): instance is object => typeof instance === 'object' && instance !== null);
}

/** Names a provider in messages: its class or token, and its module. */
function describe(wrapper: InstanceWrapper): string {
  const name = typeof wrapper.name === 'string' ? wrapper.name : String(wrapper.token); // String() takes symbols too
  return wrapper.host ? `${name} (in ${wrapper.host.name})` : name;
}
