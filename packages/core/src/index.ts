export { Task } from './decorators/Task';
export { Flow } from './decorators/Flow';
export type { AsyncMethodDecorator } from './decorators/decorateMethod';
export type { CacheKeyFn, FlowOptions, RunOptions, TaskOptions } from './decorators/options';

export { installFlowcache, type InstallOptions } from './container/installFlowcache';
export { FLOWCACHE_ENGINE, FLOWCACHE_LOGGER, FLOWCACHE_SETTINGS, RESULT_STORE } from './container/tokens';

export { Engine, type EngineOptions } from './engine/Engine';
export { getDefaultEngine } from './engine/defaultEngine';
export { MemoryResultStore, type MemoryEntry } from './cache/MemoryResultStore';

export { currentFlowRun, currentTaskRun } from './context/runContext';
export type { FlowRun, TaskRun, TaskRunContext } from './context/runs';
export type { TaskInfo } from './definitions/TaskInfo';
export type { FlowRunEvent, FlowRunState, TaskRunEvent, TaskRunState } from './events/runEvents';

export { taskInputHash } from './keys/taskInputHash';
export { stableHash } from './keys/stableHash';
export { hashKey, registerHasher, type StablyHashable } from './keys/hashers';

export type { FlowcacheSettings } from './settings/settings';
export type { Logger } from './settings/Logger';

export { FlowcacheError } from './errors/FlowcacheError';
export { ConfigurationError } from './errors/ConfigurationError';
export { TaskDefinitionError } from './errors/TaskDefinitionError';
export { UnhashableInputError } from './errors/UnhashableInputError';
