export { FlowcacheModule } from './FlowcacheModule';
export {
  FLOWCACHE_MODULE_OPTIONS,
  type FlowcacheModuleAsyncOptions,
  type FlowcacheModuleExtras,
  type FlowcacheModuleOptions,
  type FlowcacheOptionsFactory,
} from './FlowcacheModuleOptions';
// What a Nest application writes beside the module, from core, so that one import serves it: the decorators, the
// cross-request key, the engine (class and token, for injection) and the storage of application tests.
/** Injection token of the application's `Engine`. */
export { FLOWCACHE_ENGINE } from '@flowcache/core';
export { ConfigurationError, Engine, Flow, MemoryStorage, Task, taskInputHash } from '@flowcache/core';
export type {
  CacheExpiration,
  CacheKeyFn,
  FlowOptions,
  FlowRunEvent,
  TaskOptions,
  TaskRunEvent,
  TaskRunState,
} from '@flowcache/core';
