import type { ServiceIdentifier } from 'inversify';
import type { MemoryTier } from '../cache/MemoryTier';
import type { Engine } from '../engine/Engine';
import type { LockManager } from '../locks/LockManager';
import type { Serializer } from '../serializers/Serializer';
import type { Logger } from '../settings/Logger';
import type { ResultStorage } from '../storage/ResultStorage';
import type { FlowcacheSettings } from '../settings/settings';

/** DI token of the container's `FlowcacheSettings`. Bind it before `installFlowcache` to provide your own. */
export const FLOWCACHE_SETTINGS: ServiceIdentifier<FlowcacheSettings> = Symbol.for('flowcache.settings');

/** DI token of the container's in-memory result tier. Bind it before `installFlowcache` to share one. */
export const MEMORY_TIER: ServiceIdentifier<MemoryTier> = Symbol.for('flowcache.memoryTier');

/** DI token of the container's logger. Bind it before `installFlowcache` to route warnings elsewhere. */
export const FLOWCACHE_LOGGER: ServiceIdentifier<Logger> = Symbol.for('flowcache.logger');

/** DI token of the container's `Engine`: subscribe to run events through it. */
export const FLOWCACHE_ENGINE: ServiceIdentifier<Engine> = Symbol.for('flowcache.engine');

/**
 * DI token of the container's default result storage (for tasks and flows without `resultStorage`). Unbound, the
 * `defaultStorage` setting (`FLOWCACHE_RESULTS_DEFAULT_STORAGE`) decides, else `file://~/.flowcache/storage`.
 * Read at its first use, so it may be bound before or after `installFlowcache`; changing it after that first use
 * makes the next call that needs it throw `ConfigurationError`.
 */
export const RESULT_STORAGE: ServiceIdentifier<ResultStorage> = Symbol.for('flowcache.resultStorage');

/**
 * DI token of the container's default serializer; unbound, JSON (`json/v1`). Read when the first result is
 * persisted, and fixed from then on, like `RESULT_STORAGE`.
 */
export const RESULT_SERIALIZER: ServiceIdentifier<Serializer> = Symbol.for('flowcache.resultSerializer');

/**
 * DI token of the container's lock manager, for SERIALIZABLE tasks without a `lockManager` of their own. Read
 * when a service with such a task is first resolved (which fails if it is unbound then), and fixed from then on,
 * like `RESULT_STORAGE`.
 */
export const LOCK_MANAGER: ServiceIdentifier<LockManager> = Symbol.for('flowcache.lockManager');
