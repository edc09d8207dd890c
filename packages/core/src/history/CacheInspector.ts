import { decodeRecord, recordSignatureStatus, type RecordMetadata } from '../records/resultRecord';
import { readStoredMetadata } from '../records/readStoredMetadata';
import { ObjectTooLargeError } from '../errors/ObjectTooLargeError';
import { SerializerNotAllowedError } from '../errors/SerializerNotAllowedError';
import { oversizeRecordError } from '../records/recordSizeLimit';
import { builtInDecoder } from '../serializers/builtInDecoder';
import { deserializeResult } from '../serializers/deserializeResult';
import type { Serializer } from '../serializers/Serializer';
import type { ResultStorage } from '../storage/ResultStorage';
import { checkStorageKey, isStorageKey } from '../storage/checkStorageKey';
import { guardStorage } from '../storage/guardedStorage';
import { CorruptRecordError } from '../errors/CorruptRecordError';
import { ForeignObjectTally, type ForeignObjects } from './ForeignObjects';
import { CommittedIds } from '../transactions/CommittedIds';
import { ORPHAN_AGE_MS } from '../transactions/commitMarker';
import { isCommitted, type MarkerCheck } from '../transactions/isCommitted';
import { isBookkeepingKey } from './bookkeepingKeys';
import { mapConcurrently } from './mapConcurrently';
import { type FlowRunFilter, keyVerdict } from './FlowRunFilter';
import { CONCURRENT_HISTORY_READS, flowRunsPage, type FlowRunsPage } from './flowRunsPage';
import { type RunStats, RunStatsTally } from './RunStatsTally';
import { staleCommitMarkers } from './staleCommitMarkers';
import {
  flowRunIdOfKey,
  MAX_RUN_HISTORY_BYTES,
  readRunHistory,
  RUN_HISTORY_PREFIX,
  startTimeOfKey,
  type FlowRunSummary,
} from './RunHistory';
import { errorMessage } from '../errors/errorMessage';
import type { CachedRecord } from './CachedRecord';
import {
  checkRecordFilter,
  hasCriterion,
  metadataMatches,
  needsMetadata,
  sizeMatches,
  timeOf,
  type RecordFilter,
} from './RecordFilter';
import {
  checkSortOptions,
  sortRows,
  type SortedRecordPage,
  type SortedRecordsOptions,
  type SortRow,
} from './RecordOrder';
import { LastUseTally } from './lastUseTally';

export type { CachedRecord } from './CachedRecord';
export type { RecordFilter } from './RecordFilter';
export { RECORD_SORTS, type RecordSort, type SortedRecordPage, type SortedRecordsOptions } from './RecordOrder';

/** One page of `list`. */
export interface RecordPage {
  readonly records: readonly CachedRecord[];
  /** Pass back to `list` for the next page; `undefined` on the last one. */
  readonly cursor: string | undefined;
  /**
   * Objects in this page's range that are not flowcache records and were skipped (a bucket's folder marker, a
   * file another program put there), as the storage names them; empty when there were none.
   */
  readonly foreign: readonly string[];
}

/** What `read` returns: the value, the metadata, and whether the record is expired, signed and verified. */
export interface StoredRecord {
  readonly metadata: RecordMetadata;
  readonly value: unknown;
  readonly expired: boolean;
  /** Whether the record carries a signature (it was written with signing keys). */
  readonly signed: boolean;
  /**
   * Whether one of the inspector's signing keys made the signature; `undefined` when the inspector has none (a
   * signed record is then read without checking its signature, as an engine without keys would).
   */
  readonly verified: boolean | undefined;
  /**
   * `false` for a record written by a transaction whose commit has not completed (see `CachedRecord.uncommitted`):
   * engines treat it as a miss.
   */
  readonly committed: boolean;
}

/** Options of a `CacheInspector`. */
export interface CacheInspectorOptions {
  /** The signing keys to verify records with in `read` (an engine's `signingKeys` setting). */
  readonly signingKeys?: readonly string[];
  /**
   * Serializers to decode records with in `read`, besides the built-in, code-free ones (json, v8, their gzip and
   * brotli forms; compressed forms of these are read too). A record written by any other serializer is refused
   * with `SerializerNotAllowedError`: the registry (`registerSerializer`) is never consulted, so a record planted
   * in a shared storage cannot make inspection run a custom deserializer that nobody chose for it.
   */
  readonly serializers?: readonly Serializer[];
  /**
   * The largest record or run-history object read whole, in bytes, stored or decompressed (as the engine's
   * `maxRecordBytes` setting): a larger one is refused without being read. Default 16777216 (16 MiB), below the
   * engine's: inspection only previews values, and may run in a long-lived process (the web UI) that a planted
   * record must not exhaust.
   */
  readonly maxRecordBytes?: number;
}

/** Counts by task, in `stats`. */
export interface TaskStats {
  readonly count: number;
  readonly bytes: number;
  readonly expired: number;
}

/** What `stats` returns: records, bytes and expired records, in all and per task, and what the task runs did. */
export interface CacheStats {
  readonly count: number;
  readonly bytes: number;
  readonly expired: number;
  readonly expiredBytes: number;
  /** Records that cannot be read (counted in `expired` too). */
  readonly unreadable: number;
  readonly tasks: Readonly<Record<string, TaskStats>>;
  /** Flow-run history objects kept beside the records (not counted above). */
  readonly flowRuns: number;
  /**
   * What the task runs of the flow runs in the run history did, in the period asked (see `StatsOptions`): calls,
   * hits, compute time spent and saved, in all and per task. Calls made outside any flow, or with the run history
   * off, are not recorded, so not counted.
   */
  readonly runs: RunStats & {
    readonly tasks: Readonly<Record<string, RunStats>>;
    /** The top-level flow runs counted: those that started in the period and could be read. */
    readonly flowRuns: number;
    /** Run-history objects that could not be read (skipped, as `flowRuns` does). */
    readonly unreadable: number;
  };
  /** Objects that are not flowcache records (folder markers, other programs' files): skipped, not counted above. */
  readonly foreign: ForeignObjects;
}

/** A run-history object that `flowRuns` skipped, and why (too large, malformed, nested too deep). */
export interface UnreadableFlowRun {
  readonly key: string;
  readonly problem: string;
}

/** What `prune` returns: the keys deleted (or, with `dryRun`, to delete), their bytes, and what it skipped. */
export interface PruneResult {
  readonly keys: string[];
  readonly bytes: number;
  /** Objects that are not flowcache records: left alone. */
  readonly foreign: ForeignObjects;
}

/** Options of `stats`. */
export interface StatsOptions extends WalkOptions {
  /** Count the task runs of flow runs that started at or after this time; default: since the oldest one kept. */
  readonly since?: Date;
  /** Count the task runs of flow runs that started before this time; default: until now. */
  readonly until?: Date;
}

/** Options of the operations that walk the whole storage. */
export interface WalkOptions {
  /** Called after each page with the number of records examined so far, for progress bars. */
  readonly onProgress?: (examined: number) => void;
  /**
   * Called after each page that held objects that are not flowcache records, with their names: the walk skips
   * them and goes on (`ForeignObjectTally` adds them up).
   */
  readonly onForeign?: (names: readonly string[]) => void;
}

const UNCOMMITTED =
  'its transaction never committed (its process stopped mid-commit, ' +
  'or the commit is in progress): engines treat it as a miss';

// Record headers read at once while walking a storage: S3 answers each in milliseconds, so reading one at a time
// would make listing 10 000 records take a minute.
const CONCURRENT_READS = 32;
const DEFAULT_PAGE = 100;
/** What `read` accepts unless told otherwise (see `CacheInspectorOptions.maxRecordBytes`). */
export const INSPECTION_MAX_RECORD_BYTES = 16 * 1024 * 1024;

/**
 * Reads and manages what a result storage holds, from any process: the records (with their metadata, read with
 * one small ranged read each), the flow-run history kept beside them, invalidation and pruning. It works on the
 * storage only: a running engine's memory tier keeps what it already holds.
 *
 * `const inspector = new CacheInspector(new FileSystemStorage({ basePath: '.flowcache' }))`
 */
export class CacheInspector {
  /** The storage inspected, its arguments checked by core (see `guardStorage`). */
  readonly storage: ResultStorage;

  constructor(
    storage: ResultStorage,
    private readonly clock: () => number = Date.now,
    private readonly options: CacheInspectorOptions = {},
  ) {
    this.storage = guardStorage(storage);
  }

  private readonly committedIds = new CommittedIds();
  private get markerCheck(): MarkerCheck {
    return { storageRetries: 0, storageRetryDelayMs: 0, signingKeys: this.options.signingKeys };
  }

  /**
   * One page of records matching the filter, in key order: the records among the next `limit` stored objects
   * (default 100), so a filtered page may hold fewer, even none, before the last: go on while `cursor` is set.
   * Throws `RangeError` for a criterion that cannot be applied (see `RecordFilter`).
   */
  async list(filter: RecordFilter & { limit?: number; cursor?: string } = {}): Promise<RecordPage> {
    checkRecordFilter(filter, 'list');
    const { records, cursor, foreign } = await this.page(filter, filter.limit ?? DEFAULT_PAGE, filter.cursor);
    return { records, cursor, foreign };
  }

  /** Every record matching the filter, page after page. */
  async *records(filter: RecordFilter = {}, { onProgress, onForeign }: WalkOptions = {}): AsyncGenerator<CachedRecord> {
    checkRecordFilter(filter, 'records');
    let cursor: string | undefined;
    let examined = 0;
    do {
      const page = await this.page(filter, 1000, cursor);
      examined += page.examined;
      if (page.foreign.length > 0) onForeign?.(page.foreign);
      yield* page.records;
      onProgress?.(examined);
      cursor = page.cursor;
    } while (cursor !== undefined);
  }

  /** The record under the key, or `undefined` (also for the run history's own objects: see `flowRun`). */
  async find(key: string): Promise<CachedRecord | undefined> {
    checkStorageKey(key);
    if (isBookkeepingKey(key)) return undefined;
    const object = await this.storage.stat(key);
    return object === undefined ? undefined : (await this.describe([object]))[0];
  }

  /**
   * The value stored under the key with its metadata (expired or not) and whether it is signed and verified, or
   * `undefined` when no record is there. Throws `CorruptRecordError` when the record cannot be read, is larger
   * than `maxRecordBytes` (stored or decompressed; a larger object is not read), or was written by a serializer
   * that is neither built in nor among the `serializers` option (`SerializerNotAllowedError`); a signature that
   * fails verification is reported, not thrown.
   */
  async read(key: string): Promise<StoredRecord | undefined> {
    checkStorageKey(key);
    if (isBookkeepingKey(key)) return undefined;
    const maxBytes = this.maxRecordBytes;
    try {
      const bytes = await this.storage.get(key, { maxBytes });
      if (bytes === undefined) return undefined;
      const { metadata, payload } = decodeRecord(key, bytes);
      const serializer = builtInDecoder(metadata.serializer, this.options.serializers);
      if (serializer === undefined) throw new SerializerNotAllowedError(key, metadata.serializer);
      const { value } = deserializeResult(serializer, payload, { maxBytes }, metadata);
      const { signed, verified } = recordSignatureStatus(metadata, payload, this.options.signingKeys ?? []);
      const committed = await isCommitted(this.storage, metadata, this.committedIds, this.markerCheck);
      return { metadata, value, expired: this.isExpired(metadata), signed, verified, committed };
    } catch (error) {
      throw oversizeRecordError(key, error) ?? error;
    }
  }

  /**
   * Deletes records: the one under `key`, or every record matching the filter (`{ task }`, `{ prefix }`,
   * `{ expired: true }`...; `{ prefix: '' }` for all). Returns the keys deleted. Run history is never touched.
   */
  async invalidate(target: { key: string } | RecordFilter, options: WalkOptions = {}): Promise<string[]> {
    if ('key' in target) {
      checkStorageKey(target.key);
      if (isBookkeepingKey(target.key)) return [];
      return (await this.storage.delete(target.key)) ? [target.key] : [];
    }
    if (!hasCriterion(target)) {
      throw new RangeError(
        'invalidate needs a key or a criterion (task, prefix, expired...); { prefix: "" } for every record',
      );
    }
    checkRecordFilter(target, 'invalidate');
    const deleted: string[] = [];
    for await (const record of this.records(target, options)) {
      if (await this.storage.delete(record.key)) deleted.push(record.key);
    }
    return deleted;
  }

  /**
   * Deletes what can never be a hit: expired and unreadable records, records of a transaction whose process
   * stopped mid-commit (no commit marker an hour after they were written: never a commit in progress), and commit
   * markers none of whose records is left. With `dryRun`, only says which keys it would delete. Objects that are
   * not flowcache records are left alone and counted in `foreign`.
   */
  async prune(options: WalkOptions & { dryRun?: boolean } = {}): Promise<PruneResult> {
    const keys: string[] = [];
    let bytes = 0;
    const foreign = new ForeignObjectTally();
    const remove = async (key: string, size: number) => {
      if (options.dryRun || (await this.storage.delete(key))) {
        keys.push(key);
        bytes += size;
      }
    };
    for await (const record of this.records({}, withTally(options, foreign))) {
      if (record.expired || (record.uncommitted && this.isOrphan(record.metadata!.createdAt))) {
        await remove(record.key, record.size);
      }
    }
    for await (const marker of staleCommitMarkers(this.storage, this.clock() - ORPHAN_AGE_MS)) {
      await remove(marker.key, marker.size);
    }
    return { keys, bytes, foreign: foreign.summary() };
  }

  /**
   * Counts records, bytes and expired records, in all and per task, and the flow runs kept; adds up what the task
   * runs of the flow runs that started in the period did (calls, hit ratio, compute time spent and saved). Throws
   * `RangeError` for a `since` or `until` that is not a valid date.
   */
  async stats(options: StatsOptions = {}): Promise<CacheStats> {
    const started = periodFilter(options);
    let count = 0;
    let bytes = 0;
    let expired = 0;
    let expiredBytes = 0;
    let unreadable = 0;
    // Keyed by task names read from the store: a null prototype keeps a planted `__proto__` an ordinary row.
    const tasks: Record<string, { count: number; bytes: number; expired: number }> = Object.create(null);
    const foreign = new ForeignObjectTally();
    for await (const record of this.records({}, withTally(options, foreign))) {
      count++;
      bytes += record.size;
      if (record.expired) {
        expired++;
        expiredBytes += record.size;
      }
      if (record.metadata === undefined) unreadable++;
      const task = (tasks[record.metadata?.taskName ?? '(unreadable)'] ??= { count: 0, bytes: 0, expired: 0 });
      task.count++;
      task.bytes += record.size;
      if (record.expired) task.expired++;
    }
    let flowRuns = 0;
    let unreadableRuns = 0;
    const runs = new RunStatsTally();
    for await (const key of this.flowRunKeys()) {
      if (key === undefined) continue;
      flowRuns++;
      const read = await this.readFlowRunAt(key);
      if (read !== undefined && 'problem' in read) unreadableRuns++;
      else if (read !== undefined && started(read.run, key)) runs.addFlowRun(read.run);
    }
    return {
      count,
      bytes,
      expired,
      expiredBytes,
      unreadable,
      tasks,
      flowRuns,
      runs: { ...runs.summary(), flowRuns: runs.flowRuns, unreadable: unreadableRuns },
      foreign: foreign.summary(),
    };
  }

  /**
   * Flow runs from the run history, newest first, `limit` (default 20) at a time, those matching the filter only
   * (see `FlowRunFilter`; throws `RangeError` naming a criterion of the wrong kind). A page reads at most
   * `MAX_FLOW_RUN_READS_PER_PAGE` (200) history objects, or `limit` when larger: a filter that matches few runs may
   * return fewer, even none, with a `cursor` to go on; so may a page that reached `MAX_FLOW_RUN_BYTES_PER_PAGE`
   * (64 MiB) of history objects, which only planted ones reach. The period is applied to the keys, which hold the
   * start time, before any object is read: the first run older than `since` ends the listing (`cursor` is
   * `undefined`), runs newer than `until` are skipped unread. A history object that cannot be read (larger than
   * `MAX_RUN_HISTORY_BYTES`, malformed, subflows nested deeper than `MAX_SUBFLOW_DEPTH`) is skipped and listed in
   * `unreadable` whatever the filter, so that one planted object cannot hide the others; so is, unread, an object
   * under the run-history prefix whose key holds no start time and id (`flowRun` could not open it).
   */
  async flowRuns({
    limit = 20,
    cursor,
    ...filter
  }: FlowRunFilter & { limit?: number; cursor?: string } = {}): Promise<FlowRunsPage> {
    return flowRunsPage(this.storage, (key) => this.readFlowRunAt(key), { limit, cursor, filter });
  }

  /**
   * One flow run (top-level, or a subflow inside one) by id, or `undefined` when the history has none. A subflow is
   * kept inside its top-level run's history object: with `topLevel`, the id of that run, only that object is read;
   * without it, every object may be, newest first, up to `maxReads` of them (default: no limit), so that a server
   * answering ids from anyone bounds what one lookup of a missing id costs.
   */
  async flowRun(
    flowRunId: string,
    { topLevel, maxReads = Infinity }: { topLevel?: string; maxReads?: number } = {},
  ): Promise<FlowRunSummary | undefined> {
    // Keys name top-level runs: listing them costs no read of their objects.
    const topLevelKey = async (id: string) => {
      for await (const key of this.flowRunKeys()) if (key !== undefined && flowRunIdOfKey(key) === id) return key;
      return undefined;
    };
    const known = await topLevelKey(topLevel ?? flowRunId);
    if (known !== undefined) {
      const found = findFlowRun(runOf(await this.readFlowRunAt(known)), flowRunId);
      if (found !== undefined || topLevel !== undefined) return found;
    }
    if (topLevel !== undefined) return undefined;
    let reads = 0;
    for await (const key of this.flowRunKeys()) {
      if (key === undefined || key === known) continue;
      if (reads++ >= maxReads) return undefined;
      const found = findFlowRun(runOf(await this.readFlowRunAt(key)), flowRunId);
      if (found !== undefined) return found;
    }
    return undefined;
  }

  /**
   * One page of the records matching the filter, sorted by size, age or last use (see `RecordSort`), `limit`
   * (default 100) from `offset`, with how many match in all. Sorting needs the whole filtered set: this walks every
   * matching record, keeping of each only its key, size and the value sorted by (never a value), then reads the
   * page's records afresh. Sorting by size or last use, with no criterion but `prefix` and sizes, reads no record
   * during the walk: the storage's listing says all it needs. Throws `RangeError` for a bad criterion or option.
   */
  async sortedRecords(
    filter: RecordFilter,
    options: SortedRecordsOptions,
    walk: WalkOptions = {},
  ): Promise<SortedRecordPage> {
    checkRecordFilter(filter, 'sortedRecords');
    checkSortOptions(options);
    const { sort, offset = 0, limit = DEFAULT_PAGE } = options;
    const foreign = new ForeignObjectTally();
    const rows: SortRow[] = [];
    if (sort === 'age' || needsMetadata(filter)) {
      for await (const record of this.records(filter, withTally(walk, foreign))) {
        const rank = sort === 'size' ? record.size : sort === 'age' ? timeOf(record.metadata?.createdAt) : NaN;
        rows.push({ key: record.key, size: record.size, modifiedAt: record.modifiedAt, rank });
      }
    } else {
      for await (const object of this.listedRecords(filter, withTally(walk, foreign))) {
        rows.push({ ...object, rank: sort === 'size' ? object.size : NaN });
      }
    }
    if (sort === 'lastUsed') {
      const lastUses = await this.lastUses(rows.map((row) => row.key));
      for (const row of rows) row.rank = lastUses.get(row.key)?.getTime() ?? NaN;
    }
    const chosen = sortRows(rows, sort, options.reverse).slice(offset, offset + limit);
    const records = await this.describe(chosen.map(({ key, size, modifiedAt }) => ({ key, size, modifiedAt })));
    return {
      records,
      lastUses: await this.lastUses(records.map((record) => record.key)),
      total: rows.length,
      foreign: foreign.summary(),
    };
  }

  /**
   * When a run last used each of these records: the latest end of a task run kept in the run history whose cache
   * key is the record's key and whose state is `Cached` (it returned the record) or `Completed` (it wrote it).
   * Records no kept task run used are absent, as are uses counted only in aggregates (beyond `runHistoryDetail`).
   * Walks the whole run history, keeping one entry per key asked about; unreadable history objects are skipped.
   */
  async lastUses(keys: Iterable<string>): Promise<Map<string, Date>> {
    const tally = new LastUseTally(new Set(keys));
    let cursor: string | undefined;
    do {
      const page = await this.storage.list(RUN_HISTORY_PREFIX, { cursor, limit: 1000 });
      const keysOfRuns = page.objects.filter((object) => flowRunIdOfKey(object.key) !== undefined);
      // Each run is added as soon as it is read: a page of parsed documents is never held at once.
      await mapConcurrently(keysOfRuns, CONCURRENT_HISTORY_READS, async (object) => {
        const run = runOf(await this.readFlowRunAt(object.key));
        if (run !== undefined) tally.addFlowRun(run);
      });
      cursor = page.cursor;
    } while (cursor !== undefined);
    return new Map([...tally.lastUses].map(([key, time]) => [key, new Date(time)]));
  }

  // The records matching a filter that needs no metadata (prefix and sizes), from the listing alone.
  private async *listedRecords(
    filter: RecordFilter,
    { onForeign }: WalkOptions,
  ): AsyncGenerator<{ key: string; size: number; modifiedAt: Date }> {
    let cursor: string | undefined;
    do {
      const listed = await this.listCandidates(filter, 1000, cursor);
      if (listed.foreign.length > 0) onForeign?.(listed.foreign);
      yield* listed.candidates;
      cursor = listed.cursor;
    } while (cursor !== undefined);
  }

  private async page(
    filter: RecordFilter,
    limit: number,
    cursor: string | undefined,
  ): Promise<RecordPage & { examined: number }> {
    const listed = await this.listCandidates(filter, limit, cursor);
    const records = await this.describe(listed.candidates);
    return {
      records: records.filter((record) => metadataMatches(record, filter)),
      cursor: listed.cursor,
      foreign: listed.foreign,
      examined: listed.examined,
    };
  }

  // One listing of the filter's prefix: the objects that may be records of the sizes asked, and the foreign ones.
  private async listCandidates(filter: RecordFilter, limit: number, cursor: string | undefined) {
    const prefix = filter.prefix ?? '';
    checkStorageKey(prefix, { allowPrefix: true });
    const page = await this.storage.list(prefix, { cursor, limit });
    const foreign = [...(page.foreign ?? [])];
    let examined = 0;
    const candidates = page.objects.filter((object) => {
      // An adapter should skip keys no record can have (and name them); this keeps a walk going when one does not.
      if (!isStorageKey(object.key)) {
        foreign.push(object.key);
        return false;
      }
      if (isBookkeepingKey(object.key)) return false;
      examined++;
      // Sizes come with the listing: a record of another size is never read.
      return sizeMatches(object.size, filter);
    });
    return { candidates, cursor: page.cursor, foreign, examined: examined + foreign.length };
  }

  private async *flowRunKeys(): AsyncGenerator<string | undefined> {
    let cursor: string | undefined;
    do {
      const page = await this.storage.list(RUN_HISTORY_PREFIX, { cursor, limit: 1000 });
      for (const object of page.objects) yield flowRunIdOfKey(object.key) === undefined ? undefined : object.key;
      cursor = page.cursor;
    } while (cursor !== undefined);
  }

  // An oversize history object is skipped like a malformed one, unread: the rest of the history stays readable.
  // `undefined`: deleted since it was listed.
  private async readFlowRunAt(key: string): Promise<{ run: FlowRunSummary } | { problem: string } | undefined> {
    const maxBytes = Math.min(MAX_RUN_HISTORY_BYTES, this.maxRecordBytes);
    try {
      const bytes = await this.storage.get(key, { maxBytes });
      return bytes === undefined ? undefined : readRunHistory(bytes);
    } catch (error) {
      if (error instanceof ObjectTooLargeError)
        return { problem: `it holds ${error.size} bytes, more than the ${maxBytes} a run history may` };
      throw error;
    }
  }

  private get maxRecordBytes(): number {
    return this.options.maxRecordBytes ?? INSPECTION_MAX_RECORD_BYTES;
  }

  private describe(objects: readonly { key: string; size: number; modifiedAt: Date }[]): Promise<CachedRecord[]> {
    // The records of one commit, read together, look for its marker once.
    const commits = new Map<string, Promise<boolean>>();
    const committed = (metadata: RecordMetadata) => {
      const commitId = metadata.commitId ?? '';
      let found = commits.get(commitId);
      if (found === undefined)
        commits.set(commitId, (found = isCommitted(this.storage, metadata, this.committedIds, this.markerCheck)));
      return found;
    };
    return mapConcurrently(objects, CONCURRENT_READS, async (object): Promise<CachedRecord> => {
      const unreadable = (error: unknown): CachedRecord => ({
        ...object,
        metadata: undefined,
        expired: true,
        problem: errorMessage(error),
      });
      let metadata: RecordMetadata | undefined;
      try {
        metadata = await readStoredMetadata(this.storage, object.key);
      } catch (error) {
        return unreadable(error);
      }
      if (metadata === undefined) return { ...object, metadata, expired: true, problem: 'it was deleted while listed' };
      // A storage failure while looking for the marker is thrown: taken for "uncommitted", prune would delete.
      const visible = metadata.commitId === undefined || (await committed(metadata).catch(corruptOnly));
      if (visible instanceof Error) return unreadable(visible);
      if (!visible)
        return { ...object, metadata, expired: this.isExpired(metadata), uncommitted: true, problem: UNCOMMITTED };
      return { ...object, metadata, expired: this.isExpired(metadata) };
    });
  }

  // A record of an uncommitted transaction this old is an orphan: its commit stopped, it is not in progress.
  private isOrphan(createdAt: string): boolean {
    return Date.parse(createdAt) + ORPHAN_AGE_MS <= this.clock();
  }

  private isExpired(metadata: RecordMetadata): boolean {
    return metadata.expiresAt !== null && Date.parse(metadata.expiresAt) <= this.clock();
  }
}

/** The walk options with every foreign name also added to the tally. */
function withTally(options: WalkOptions, tally: ForeignObjectTally): WalkOptions {
  return {
    ...options,
    onForeign: (names) => {
      tally.add(names);
      options.onForeign?.(names);
    },
  };
}

// A record that is not one (its commit id is malformed) is reported as unreadable; any other failure is thrown.
function corruptOnly(error: unknown): CorruptRecordError {
  if (error instanceof CorruptRecordError) return error;
  throw error;
}

function runOf(read: { run: FlowRunSummary } | { problem: string } | undefined): FlowRunSummary | undefined {
  return read !== undefined && 'run' in read ? read.run : undefined;
}

// Recursive, and safe so: a decoded run nests at most MAX_SUBFLOW_DEPTH deep.
function findFlowRun(run: FlowRunSummary | undefined, flowRunId: string): FlowRunSummary | undefined {
  if (run === undefined || run.flowRunId === flowRunId) return run;
  for (const subflow of run.subflows) {
    const found = findFlowRun(subflow, flowRunId);
    if (found !== undefined) return found;
  }
  return undefined;
}

// Whether a flow run started in the period `stats` was asked for; a run whose start is not a time is counted only
// when no period was asked for. Its key must place it in the period too (as `flowRuns`, which stops at the first
// key older than `since`, chooses runs): a planted document whose key and start disagree is in no period.
function periodFilter({ since, until }: StatsOptions): (run: FlowRunSummary, key: string) => boolean {
  for (const [name, date] of [
    ['since', since],
    ['until', until],
  ] as const) {
    if (date !== undefined && !(date instanceof Date && Number.isFinite(date.getTime()))) {
      throw new RangeError(`stats: \`${name}\` must be a valid Date, got ${String(date)}`);
    }
  }
  if (since === undefined && until === undefined) return () => true;
  const from = since?.getTime() ?? -Infinity;
  const to = until?.getTime() ?? Infinity;
  return (run, key) => {
    const startedAt = Date.parse(run.startedAt);
    return startedAt >= from && startedAt < to && keyVerdict({ since, until }, startTimeOfKey(key)) === 'read';
  };
}
