import type { ValueShape } from '../cache/MemoryTier';
import { StoredRecordRef } from '../cache/StoredRecordRef';
import type { PersistMode } from '../decorators/options';
import type { MethodDefinition } from '../definitions/MethodDefinition';
import { ConfigurationError } from '../errors/ConfigurationError';
import { CorruptRecordError } from '../errors/CorruptRecordError';
import { errorMessage } from '../errors/errorMessage';
import { SerializationError } from '../errors/SerializationError';
import type { CacheMiss } from '../events/runEvents';
import { holdLease } from '../locks/holdLease';
import { oversizeRecordError, RECORD_SIZE_SETTING } from '../records/recordSizeLimit';
import {
  decodeRecord,
  type EncodedRecord,
  encodeBinaryRecord,
  encodeRecordWithDigest,
  type RecordFacts,
  type RecordMetadata,
} from '../records/resultRecord';
import { binaryChunks, binaryPayloadType } from '../serializers/binaryResults';
import { deserializeResult } from '../serializers/deserializeResult';
import { sameSerializer } from '../serializers/sameSerializer';
import type { DecodedPayload } from '../serializers/decodeJsonPayload';
import type { Serializer } from '../serializers/Serializer';
import { checkStorageKey } from '../storage/checkStorageKey';
import { putChunks } from '../storage/putChunks';
import { putIfUnchanged, readSeen, type SeenObject } from '../storage/putIfUnchanged';
import type { ResultStorage } from '../storage/ResultStorage';
import { describeFailure, retryTransient } from '../storage/retryTransient';
import { measureStorage } from '../telemetry/measureStorage';
import type { RecordWrite } from '../transactions/RecordWrite';
import type { ResultDestination, StagedResult, Transaction } from '../transactions/Transaction';
import { commitIsVisible } from './commitIsVisible';
import type { TaskCall } from './TaskCall';
import { warnSharedResult } from './warnSharedResult';

/** Where and how a call's result is persisted. */
interface Persistence {
  readonly storage: ResultStorage;
  readonly serializer: Serializer;
  readonly mode: PersistMode;
  /** Fail the call, rather than warn, when the result cannot be serialized or a sync write fails. */
  readonly strict: boolean;
}

/** A stored result found under the call's key, or why there is none to use. */
export type StoredLookup =
  | { readonly hit: true; readonly value: unknown; readonly computeMs: number }
  | { readonly hit: false; readonly reason: CacheMiss['reason'] };

/**
 * The results of one cached call (its key set): where they are read, locked, encoded, written and kept in memory,
 * in the order a miss does it. Nothing read from storage ever fails the call; nothing written loses the value.
 */
export class ResultStore implements ResultDestination {
  /**
   * SERIALIZABLE: what the last read made holding the key's lock found under the key, so that the write replaces
   * only that (see `write`); `undefined` when no such read was made or it failed.
   */
  private seen: SeenObject | undefined;
  /**
   * Whether the key's lock was taken: only then does a read learn what the write may replace. The reads before it
   * are plain reads, which a storage with a local tier (`TieredStorage`) can answer without the remote.
   */
  private lockTaken = false;
  /** Set when the write was refused because another writer replaced what was seen: memory keeps nothing then. */
  private superseded = false;

  private constructor(
    private readonly call: TaskCall,
    private readonly key: string,
    /** `undefined` when the result stays in memory. */
    private readonly persistence: Persistence | undefined,
  ) {}

  /**
   * The store of a cached call. Each persistence choice is the task's own, else the nearest enclosing flow's, else
   * the engine's (settings, container bindings). Nothing is persisted when persistence is off, when the key cannot
   * name a record (with a warning) or is unique to this call (RUN_ID outside a flow: a record nobody could ever
   * read again).
   */
  static for(call: TaskCall, key: string): ResultStore {
    const { engine, task } = call;
    const flowRun = call.taskRun.flowRun;
    const flows = flowRun?.enclosingFlows() ?? [];
    const pick = <
      K extends 'persistResult' | 'resultStorage' | 'resultSerializer' | 'persistMode' | 'strictPersistence',
    >(
      option: K,
    ): MethodDefinition[K] => task[option] ?? flows.find((flow) => flow[option] !== undefined)?.[option];
    if (!(pick('persistResult') ?? engine.settings.persistResultsByDefault))
      return new ResultStore(call, key, undefined);
    const storage = pick('resultStorage') ?? engine.storage;
    if (flowRun === undefined && task.keyRecipe.keyedByRunId) return new ResultStore(call, key, undefined);
    try {
      checkStorageKey(key);
    } catch (error) {
      engine.warnOnce(
        `storage-key:${task.name}`,
        `${task.name} keeps its results in memory only: ${errorMessage(error)}`,
      );
      return new ResultStore(call, key, undefined);
    }
    engine.noteStorageUsed(storage);
    call.storage = storage;
    return new ResultStore(call, key, {
      storage,
      serializer: pick('resultSerializer') ?? engine.serializer,
      mode: pick('persistMode') ?? 'sync',
      strict: pick('strictPersistence') ?? engine.settings.strictPersistence,
    });
  }

  get persists(): boolean {
    return this.persistence !== undefined;
  }

  /**
   * The unexpired result stored under the key (then kept in memory too), or why there is none to use. A missing,
   * corrupt, truncated, unknown-format or unreadable record is a miss, with one warning; so is, with signing keys
   * set, a record that fails verification. A stored record is untrusted: it is decoded only with the task's own
   * serializer (a record naming another is a miss), and a record larger than `maxRecordBytes`, stored or
   * decompressed, is a miss without being read whole. A read failing with a transient error is retried first
   * (`storageRetries`): a miss would run the body, and its side effects, again. An unreadable storage warns once
   * per outage: the first read that works again re-arms the warning.
   */
  async read(): Promise<StoredLookup> {
    if (this.persistence === undefined) return { hit: false, reason: 'absent' };
    const { call, key } = this;
    const { engine, task } = call;
    const { storage, serializer } = this.persistence;
    const maxBytes = engine.settings.maxRecordBytes;
    const refuse = (reason: string, overLimit = false): StoredLookup => {
      // A record over the limit is overwritten only when the new one fits: a result as large is not written.
      const what = `recomputes ${overLimit ? 'a stored result over its limit' : 'and overwrites a stored result'}`;
      engine.warnOnce(`corrupt:${storage.location}:${key}`, `${task.name} ${what} in ${storage.location}: ${reason}`);
      return { hit: false, reason: 'unreadable' };
    };
    let bytes: Uint8Array | undefined;
    const outage = `read:${storage.location}`;
    this.seen = undefined;
    try {
      if (this.lockTaken) {
        const read = () => retryTransient(() => readSeen(storage, key, { maxBytes }), engine.settings);
        let seen: SeenObject;
        ({ bytes, seen } = await measureStorage(engine.telemetry, 'read', storage, read));
        this.seen = seen;
      } else {
        const get = () => retryTransient(() => storage.get(key, { maxBytes }), engine.settings);
        bytes = await measureStorage(engine.telemetry, 'read', storage, get);
      }
    } catch (error) {
      const oversize = oversizeRecordError(key, error);
      if (oversize !== undefined) return refuse(oversize.message, true);
      engine.warnOnce(
        outage,
        `${task.name} runs without its stored result: ${describeFailure(error, engine.settings)}`,
      );
      return { hit: false, reason: 'unreadable' };
    }
    engine.forgetWarning(outage);
    if (bytes === undefined) return { hit: false, reason: 'absent' };
    let decoded: DecodedPayload;
    let metadata: RecordMetadata;
    try {
      let payload: Uint8Array;
      ({ metadata, payload } = decodeRecord(key, bytes, { signingKeys: engine.settings.signingKeys }));
      if (metadata.expiresAt !== null && Date.parse(metadata.expiresAt) <= engine.clock())
        return { hit: false, reason: 'expired' };
      if (metadata.commitId !== undefined && !(await commitIsVisible(engine, task, storage, metadata))) {
        return { hit: false, reason: 'uncommitted' };
      }
      if (!sameSerializer(metadata.serializer, serializer.id)) {
        throw new CorruptRecordError(
          key,
          // The id is checked to be printable ASCII (recordMetadataSchema); quoted all the same, as all record text is.
          `it was written by serializer ${JSON.stringify(metadata.serializer)}, ` +
            `and ${task.name} reads records only with its own, "${serializer.id}"`,
        );
      }
      decoded = deserializeResult(serializer, payload, { maxBytes }, metadata);
    } catch (error) {
      const oversize = oversizeRecordError(key, error);
      return refuse(errorMessage(oversize ?? error), oversize !== undefined);
    }
    warnSharedResult(call, key, metadata.taskName);
    const expiresAt = metadata.expiresAt === null ? undefined : Date.parse(metadata.expiresAt);
    const origin = new StoredRecordRef(storage, metadata.digest, engine.clock());
    const { value, shape } = decoded;
    const computeMs = metadata.durationMs;
    this.remember(value, Date.parse(metadata.createdAt), expiresAt, computeMs, origin, metadata.payloadLength, shape);
    return { hit: true, value, computeMs };
  }

  /**
   * Takes the key's lock for the outermost transaction (see `Transaction.holdLock`), unless `isSettled` ends the
   * wait: it is asked each time another holder lets go.
   */
  lock(transaction: Transaction, isSettled?: () => Promise<boolean>): Promise<void> {
    const { call, key } = this;
    const { engine, task } = call;
    const locks = task.lockManager ?? engine.lockManager;
    if (locks === undefined) {
      throw new ConfigurationError(
        `${task.name} is SERIALIZABLE but no lock manager is configured: bind LOCK_MANAGER in the container ` +
          '(e.g. new MemoryLockManager() for one process), pass one to new Engine({ lockManager }) for an attached ' +
          'instance, or give the task a lockManager',
      );
    }
    const { lockLeaseMs: leaseMs, lockWaitMs: waitMs } = engine.settings;
    const taken = transaction.holdLock(locks, key, (holder, contention) =>
      holdLease({
        locks,
        key,
        holder,
        leaseMs,
        waitMs,
        label: task.name,
        retry: engine.settings,
        warnOnce: (id, text) => engine.warnOnce(id, text),
        isSettled,
        contention,
      }),
    );
    return taken.then(() => {
      this.lockTaken = true;
    });
  }

  /**
   * A computed result's record, carrying the id of the commit that writes it with other records (none when it is
   * committed alone). A value the serializer refuses is reported (once per task and cause) and gives
   * `undefined`: nothing is written, the call still returns it; with strict persistence it throws. A large Buffer
   * or Uint8Array result (see `binaryPayloadType`) becomes a binary record made of views of its bytes, never copied.
   */
  encode(result: StagedResult, commitId: string | undefined): EncodedRecord | undefined {
    if (this.persistence === undefined) return undefined;
    const { engine, task, taskRun } = this.call;
    const { serializer, strict } = this.persistence;
    try {
      const facts: RecordFacts = {
        storageKey: result.key,
        taskName: task.name,
        cacheKey: result.key,
        createdAt: new Date(result.createdAt).toISOString(),
        expiresAt: result.expiresAt === undefined ? null : new Date(result.expiresAt).toISOString(),
        serializer: serializer.id,
        ...(serializer.describe ? { serializerInfo: serializer.describe() } : {}),
        flowRunId: taskRun.flowRun?.id ?? null,
        durationMs: result.durationMs,
        ...(commitId === undefined ? {} : { commitId }),
      };
      const signing = { signingKeys: engine.settings.signingKeys };
      const { maxRecordBytes } = engine.settings;
      const payloadType = binaryPayloadType(result.value, serializer);
      let record: EncodedRecord;
      if (payloadType === undefined) {
        const payload = serializer.serialize(result.value);
        refuseOversize(serializer.id, payload.byteLength, maxRecordBytes);
        record = encodeRecordWithDigest(facts, payload, signing);
      } else {
        const bytes = result.value as Uint8Array;
        // Refused before the result's bytes are hashed: hashing a gigabyte takes seconds.
        refuseOversize(serializer.id, bytes.byteLength, maxRecordBytes);
        record = encodeBinaryRecord(facts, payloadType, binaryChunks(bytes), signing);
      }
      refuseOversize(serializer.id, record.byteLength, maxRecordBytes);
      return record;
    } catch (error) {
      if (strict && error instanceof SerializationError) {
        throw new SerializationError(error.serializerId, error.path, error.reason, task.name);
      }
      if (strict) throw error;
      engine.warnOnce(
        `serialize:${task.name}`,
        `${task.name} returned a value that was not persisted (the call still returns it): ${errorMessage(error)}`,
      );
      return undefined;
    }
  }

  /**
   * Writes a record, retrying transient failures (`storageRetries`). Never loses the value and never fails the
   * call: a write that fails is reported (once per task, storage and outage); only the memory tier keeps the value
   * then, so other processes recompute it. Unless persistence is strict and `sync`: then it throws. A `sync` write
   * is over when this returns; a background one goes on, tracked by the engine and the enclosing flow runs, which
   * wait for it (with `MAX_PENDING_WRITES` pending, this call first waits for earlier ones to settle). What it
   * returns tells the commit when the record is written (for its marker), and takes a `sync` record back (the only
   * kind a failed commit can take back). A record in parts (a binary record) is streamed (see `putChunks`).
   */
  async write(result: StagedResult, record: EncodedRecord): Promise<RecordWrite> {
    const { engine, task, taskRun } = this.call;
    const { storage, mode, strict } = this.persistence!;
    const { key } = result;
    const background = mode === 'background';
    const { seen } = this;
    const { parts } = record;
    const write = async () => {
      if (seen === undefined) return parts.length === 1 ? storage.put(key, parts[0]) : putChunks(storage, key, parts);
      // A conditional write is one request of one buffer: a record in parts (a large binary result) is joined.
      const bytes = parts.length === 1 ? parts[0] : Buffer.concat(parts);
      if (!(await putIfUnchanged(storage, key, bytes, seen))) throw new SupersededWrite();
    };
    const put = () => measureStorage(engine.telemetry, 'write', storage, () => retryTransient(write, engine.settings));
    const track = (work: Promise<void>) => {
      engine.trackWrite(work);
      taskRun.flowRun?.trackWrite(work);
    };
    if (background) {
      // The room is checked again after each wait, and taken (tracked below) without awaiting anything between.
      for (let room = engine.roomForWrite(); room !== undefined; room = engine.roomForWrite()) await room;
    }
    let written: Promise<boolean>;
    if (!background && strict) {
      written = put().then(
        () => true,
        (error: unknown) => {
          if (!(error instanceof SupersededWrite)) throw error;
          this.reportSuperseded(result);
          return false;
        },
      );
      await written;
    } else {
      // Once per task, storage and outage: during an outage a hot task would otherwise log on every call.
      const outage = `write:${task.name}:${storage.location}`;
      written = put().then(
        () => {
          engine.forgetWarning(outage);
          return true;
        },
        (error: unknown) => {
          if (error instanceof SupersededWrite) {
            this.reportSuperseded(result);
            return false;
          }
          engine.warnOnce(
            outage,
            `${task.name}: writing its result under ${JSON.stringify(key)} to ${storage.location} failed ` +
              `(the call still returns it; only this process's memory keeps it, so other processes recompute it; ` +
              `further failures of this task there are not reported until a write works again): ` +
              describeFailure(error, engine.settings),
          );
          return false;
        },
      );
      if (background) track(written.then(() => undefined));
      else await written;
    }
    return {
      storage,
      key,
      written,
      background,
      strict,
      retry: engine.settings,
      signingKeys: engine.settings.signingKeys,
      track,
      undo: async () => {
        if (!background && (await written)) await storage.delete(key).catch(() => false);
      },
    };
  }

  /**
   * A committed result enters the memory tier, referring to the record written (or being written) for it; not
   * one whose write was refused because another holder's record replaced what this call saw.
   */
  keep(result: StagedResult, record: EncodedRecord | undefined, written: RecordWrite | undefined): void {
    if (this.superseded) return;
    const origin =
      record !== undefined && written !== undefined
        ? new StoredRecordRef(written.storage, record.digest, this.call.engine.clock(), written.written)
        : undefined;
    const { value, createdAt, expiresAt, durationMs } = result;
    this.remember(value, createdAt, expiresAt, durationMs, origin, record?.byteLength);
  }

  // The lock's lease ended while the body ran and another holder wrote its record: that record stays, and is what
  // every reader gets from now on, this process included (a copy of this call's value kept in memory goes).
  private reportSuperseded(result: StagedResult): void {
    const { engine, task } = this.call;
    const { storage } = this.persistence!;
    this.superseded = true;
    const kept = engine.results.get(this.key);
    if (kept !== undefined && kept.value === result.value) engine.results.delete(this.key);
    engine.logger.warn(
      `${task.name}: its result was not written under ${JSON.stringify(result.key)} in ${storage.location}: ` +
        'another holder took the lock over (this call stalled, or could not renew its lease, for longer than ' +
        "lockLeaseMs) and wrote its own record there, which stays and is what readers get; this call's caller " +
        'still receives the value it computed (the body ran in both)',
    );
  }

  // `serializedBytes`: the length of the result's record, when it has one; `shape`: see `MemoryTier.set`.
  private remember(
    value: unknown,
    createdAt: number,
    expiresAt: number | undefined,
    computeMs: number,
    stored: StoredRecordRef | undefined,
    serializedBytes: number | undefined,
    shape: ValueShape = 'any',
  ): void {
    const { engine, task } = this.call;
    if (!task.cacheResultInMemory) return;
    const entry = {
      value,
      taskName: task.name,
      createdAt: new Date(createdAt),
      expiresAt: expiresAt === undefined ? undefined : new Date(expiresAt),
      stored,
      computeMs,
    };
    engine.results.set(this.key, entry, serializedBytes, shape);
  }
}

/** A conditional write found the record it was to replace changed: not a failure of the storage. */
class SupersededWrite extends Error {}

// Readers refuse a record over the limit, so writing one would only cost a write and a warning per read.
function refuseOversize(serializerId: string, bytes: number, maxBytes: number): void {
  if (bytes <= maxBytes) return;
  throw new SerializationError(
    serializerId,
    'result',
    `its record would hold ${bytes} bytes or more, more than ${RECORD_SIZE_SETTING} allows (${maxBytes}), ` +
      'and readers refuse it',
  );
}
