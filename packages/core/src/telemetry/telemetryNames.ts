/**
 * The names flowcache reports to OpenTelemetry: attributes and instruments, under the `flowcache.` namespace, in
 * the style of the semantic conventions (dot-separated namespaces, snake_case words, durations in seconds).
 * Documented in the core README ("OpenTelemetry"); renaming one breaks users' dashboards.
 */
export const ATTRIBUTES = {
  taskName: 'flowcache.task.name',
  taskRunId: 'flowcache.task.run_id',
  taskState: 'flowcache.task.state',
  taskAttempts: 'flowcache.task.attempts',
  flowName: 'flowcache.flow.name',
  flowRunId: 'flowcache.flow.run_id',
  flowParentRunId: 'flowcache.flow.parent_run_id',
  flowState: 'flowcache.flow.state',
  flowAttempts: 'flowcache.flow.attempts',
  cacheKey: 'flowcache.cache.key',
  cacheResult: 'flowcache.cache.result',
  cacheMissReason: 'flowcache.cache.miss_reason',
  cacheChanged: 'flowcache.cache.changed',
  storageLocation: 'flowcache.storage.location',
  storageOperation: 'flowcache.storage.operation',
  /** The semantic conventions' own attribute for the class of a failure. */
  errorType: 'error.type',
} as const;

export const INSTRUMENTS = {
  taskRuns: 'flowcache.task.runs',
  flowRuns: 'flowcache.flow.runs',
  storageDuration: 'flowcache.storage.operation.duration',
} as const;

/** What a storage was asked for: a record, a record's header (memory-hit revalidation), or a write. */
export type StorageOperation = 'read' | 'read_header' | 'write';
