export { Task } from './decorators/Task';
export { Flow } from './decorators/Flow';
export type { AsyncMethodDecorator } from './decorators/decorateMethod';
export type {
  CacheExpiration,
  CacheKeyFn,
  FlowOptions,
  IsolationLevel,
  PersistMode,
  RunOptions,
  TaskOptions,
} from './decorators/options';

export { installFlowcache, type InstallOptions } from './container/installFlowcache';
export { FlowcachePlugin, flowcachePlugin, type FlowcachePluginClass } from './container/flowcachePlugin';
export {
  FLOWCACHE_ENGINE,
  FLOWCACHE_LOGGER,
  FLOWCACHE_SETTINGS,
  LOCK_MANAGER,
  RESULT_SERIALIZER,
  RESULT_STORAGE,
  MEMORY_TIER,
} from './container/tokens';

export { Engine, type EngineOptions } from './engine/Engine';
export type { InvalidateOptions, Invalidation, InvalidationTarget } from './engine/invalidateResults';
export { getDefaultEngine } from './engine/defaultEngine';
export { hasDecoratedMethods } from './definitions/definitionRegistry';
export { MemoryTier, type MemoryEntry } from './cache/MemoryTier';

export {
  currentFlowRun,
  currentTaskRun,
  currentTransaction,
  resumeFlowRun,
  withCacheOverrides,
  type CacheOverrides,
} from './context/runContext';
export type { FlowRun, TaskRun, TaskRunContext } from './context/runs';
export type { TaskInfo } from './definitions/TaskInfo';
export type { CacheMiss, FlowRunEvent, FlowRunState, TaskRunEvent, TaskRunState } from './events/runEvents';

export { taskInputHash } from './keys/taskInputHash';
export { explainKey, type KeyExplanation } from './engine/explainKey';
export type { KeyComponent } from './keys/policyKey';
export { CachePolicy, compose } from './policies/CachePolicy';
export { Inputs } from './policies/Inputs';
export { FlowParameters, NoCache, RunId, TaskSource } from './policies/singlePolicies';
export { DEFAULT, FLOW_PARAMETERS, INPUTS, NONE, RUN_ID, TASK_SOURCE } from './policies/policies';
export { stableHash } from './keys/stableHash';
export { KEY_FORMAT_VERSION } from './keys/keyFormat';
export { hashKey, registerHasher, type StablyHashable } from './keys/hashers';

export type { FlowcacheSettings } from './settings/settings';
export type { Logger } from './settings/Logger';

// The contracts' types, which an application names when it passes a storage or lock manager around; the rest of
// what adapters are written against is in `@flowcache/core/adapters`.
export type { ResultStorage } from './storage/ResultStorage';
export { MemoryStorage } from './storage/MemoryStorage';
export { TieredStorage } from './storage/TieredStorage';
export type { TieredStorageOptions } from './storage/TieredStorageOptions';
export { fallbackStorageUrl, storageFromUrl, type StorageFromUrlOptions } from './storage/storageFromUrl';
export type { DeserializeOptions, Serializer } from './serializers/Serializer';
export { jsonSerializer } from './serializers/jsonSerializer';
export { v8Serializer } from './serializers/v8Serializer';
export { compressed, type Compression } from './serializers/compressed';
export { findSerializer, registerSerializer } from './serializers/serializerRegistry';

export { transaction, type TransactionOptions } from './transactions/transactionBlock';
export { Transaction, type CommitMode, type TransactionState } from './transactions/Transaction';
export type { TransactionHook, TransactionHookContext } from './transactions/Transaction';

export type { LockManager } from './locks/LockManager';
export { MemoryLockManager } from './locks/MemoryLockManager';

export { FlowcacheError } from './errors/FlowcacheError';
export { LockLostError } from './errors/LockLostError';
export { TransactionError } from './errors/TransactionError';
export { StorageError } from './errors/StorageError';
export { ObjectTooLargeError } from './errors/ObjectTooLargeError';
export { SerializationError } from './errors/SerializationError';
export { CorruptRecordError } from './errors/CorruptRecordError';
export { SerializerNotAllowedError } from './errors/SerializerNotAllowedError';
export { DecompressedTooLargeError } from './errors/DecompressedTooLargeError';
export { RecordVerificationError } from './errors/RecordVerificationError';
export { StorageKeyError } from './errors/StorageKeyError';
export { CacheKeyError } from './errors/CacheKeyError';
export { ConfigurationError } from './errors/ConfigurationError';
export { StoragePackageMissingError } from './errors/StoragePackageMissingError';
export { TaskDefinitionError } from './errors/TaskDefinitionError';
export { UnhashableInputError } from './errors/UnhashableInputError';
