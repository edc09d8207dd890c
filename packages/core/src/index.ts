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
export { hashKey, registerHasher, type StablyHashable } from './keys/hashers';

export type { FlowcacheSettings } from './settings/settings';
export type { Logger } from './settings/Logger';

export type { GetOptions, ListOptions, ResultStorage, StoredObject, StoredObjectPage } from './storage/ResultStorage';
export { MemoryStorage } from './storage/MemoryStorage';
export { guardStorage } from './storage/guardedStorage';
export { fallbackStorageUrl, storageFromUrl, type StorageFromUrlOptions } from './storage/storageFromUrl';
export type { DeserializeOptions, Serializer } from './serializers/Serializer';
export { jsonSerializer } from './serializers/jsonSerializer';
export { v8Serializer } from './serializers/v8Serializer';
export { compressed, type Compression } from './serializers/compressed';
export { findSerializer, registerSerializer } from './serializers/serializerRegistry';
export {
  decodeRecord,
  encodeRecord,
  HEADER_PROBE_BYTES,
  MAX_METADATA_BYTES,
  readRecordMetadata,
  RECORD_FORMAT_VERSION,
  type RecordMetadata,
  type RecordSigning,
} from './records/resultRecord';
export { readStoredMetadata } from './records/readStoredMetadata';
export {
  CacheInspector,
  type CacheInspectorOptions,
  type CachedRecord,
  type CacheStats,
  type RecordFilter,
  type PruneResult,
  type RecordPage,
  type StoredRecord,
  type TaskStats,
  type UnreadableFlowRun,
  type WalkOptions,
} from './history/CacheInspector';
export { ForeignObjectTally, type ForeignObjects } from './history/ForeignObjects';
export {
  MAX_RUN_HISTORY_BYTES,
  MAX_SUBFLOW_DEPTH,
  RUN_HISTORY_PREFIX,
  type FlowRunSummary,
  type SubflowRunAggregate,
  type TaskRunAggregate,
  type TaskRunSummary,
} from './history/RunHistory';
export { COMMIT_MARKER_PREFIX } from './transactions/commitMarker';
export { previewValue } from './history/previewValue';
export { checkStorageKey, isStorageKey, MAX_STORAGE_KEY_BYTES } from './storage/checkStorageKey';

export { transaction, type TransactionOptions } from './transactions/transactionBlock';
export { Transaction, type CommitMode, type TransactionState } from './transactions/Transaction';
export type { TransactionHook, TransactionHookContext } from './transactions/Transaction';

export type { AcquireOptions, Lease, LockManager } from './locks/LockManager';
export { MemoryLockManager } from './locks/MemoryLockManager';
export { guardLockManager } from './locks/guardedLockManager';
export { checkLockDuration } from './locks/checkLockDuration';
export { pollUntil, type PollLook, type PollOptions } from './locks/pollUntil';

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
export { errorMessage } from './errors/errorMessage';
