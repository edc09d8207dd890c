/**
 * `@flowcache/core/records`: what tools that read a store need (the CLI, its web UI, scripts). The record codec
 * and its limits, the inspector that lists, reads and prunes records, the run history the engine writes, and the
 * errors a record fails to decode with (the same classes as `@flowcache/core` exports).
 */
export {
  decodeRecord,
  encodeRecord,
  HEADER_PROBE_BYTES,
  MAX_METADATA_BYTES,
  readRecordMetadata,
  RECORD_FORMAT_VERSION,
  type RecordMetadata,
  type RecordSigning,
} from './resultRecord';
export { readStoredMetadata } from './readStoredMetadata';
export { previewValue } from '../history/previewValue';

export {
  CacheInspector,
  type CacheInspectorOptions,
  type CachedRecord,
  type CacheStats,
  type RecordFilter,
  type PruneResult,
  type RecordPage,
  RECORD_SORTS,
  type RecordSort,
  type SortedRecordPage,
  type SortedRecordsOptions,
  type StatsOptions,
  type StoredRecord,
  type TaskStats,
  type UnreadableFlowRun,
  type WalkOptions,
} from '../history/CacheInspector';
export type { FlowRunFilter } from '../history/FlowRunFilter';
export { type FlowRunsPage, MAX_FLOW_RUN_BYTES_PER_PAGE, MAX_FLOW_RUN_READS_PER_PAGE } from '../history/flowRunsPage';
export { type RunStats, RunStatsTally, SUBFLOW_TASK_RUNS } from '../history/RunStatsTally';
export { MAX_STORED_AMOUNT, storedAmount } from '../history/storedAmount';
export { ForeignObjectTally, type ForeignObjects } from '../history/ForeignObjects';
export {
  MAX_RUN_HISTORY_BYTES,
  MAX_SUBFLOW_DEPTH,
  RUN_HISTORY_PREFIX,
  type FlowRunSummary,
  type SubflowRunAggregate,
  type TaskRunAggregate,
  type TaskRunSummary,
} from '../history/RunHistory';
export { COMMIT_MARKER_PREFIX } from '../transactions/commitMarker';

export { CorruptRecordError } from '../errors/CorruptRecordError';
export { RecordVerificationError } from '../errors/RecordVerificationError';
export { SerializerNotAllowedError } from '../errors/SerializerNotAllowedError';
export { DecompressedTooLargeError } from '../errors/DecompressedTooLargeError';
