export { FlowcacheModule } from './FlowcacheModule';
export {
  FLOWCACHE_MODULE_OPTIONS,
  type FlowcacheModuleAsyncOptions,
  type FlowcacheModuleOptions,
} from './FlowcacheModuleOptions';
/** Injection token of the application's `Engine` (core's token, re-exported so one import serves a Nest app). */
export { FLOWCACHE_ENGINE } from '@flowcache/core';
