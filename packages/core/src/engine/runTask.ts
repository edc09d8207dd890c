import { performance } from 'node:perf_hooks';
import type { MemoryEntry } from '../cache/MemoryTier';
import { StoredRecordRef } from '../cache/StoredRecordRef';
import { activeRuns, runInTaskRun } from '../context/runContext';
import { ActiveTaskRun } from '../context/ActiveTaskRun';
import type { MethodDefinition } from '../definitions/MethodDefinition';
import type { CacheMiss } from '../events/runEvents';
import { ConfigurationError } from '../errors/ConfigurationError';
import { holdLease } from '../locks/holdLease';
import { checkStorageKey } from '../storage/checkStorageKey';
import { CommitOutcome, type WorkEnd } from '../transactions/CommitOutcome';
import type { StagedWork } from '../transactions/Transaction';
import { Transaction } from '../transactions/Transaction';
import { awaitOutcome, sharesFate } from '../transactions/sharesFate';
import { beginWait, type EndWait } from '../transactions/waitsBetweenTransactions';
import type { Call } from './Call';
import { computeCacheKey } from './computeCacheKey';
import { describeMiss } from './describeMiss';
import type { Engine } from './Engine';
import { keyedByRunId } from './keyRecipe';
import { persistenceFor, type Persistence } from './persistenceFor';
import { readStoredResult } from './readStoredResult';
import { isDueForRevalidation, isStillStored } from './revalidateMemoryHit';
import { readRecordMetadata } from '../records/resultRecord';
import type { RecordWrite } from '../transactions/RecordWrite';
import { isRecorded } from './recordRunHistory';
import { report } from './reportTaskRun';
import { AttemptCounter, runAttempts } from './runAttempts';
import type { ResolvedCall, RunningCall } from './RunningCall';
import { prepareRecord, writeRecord, type ResultToWrite } from './writeResult';
import { warnNeverReused } from './warnNeverReused';
import { warnSharedResult } from './warnSharedResult';

/**
 * The path of one `@Task` call: key → memory lookup (unless refreshing; an expired result is a miss) → join an
 * identical call already running (once its result may be read; not when that wait would never end) → a result
 * staged by the enclosing transaction, or the stored record (when persisting) → [SERIALIZABLE: the key's lock,
 * then look again] → body with retries, in the call's own transaction → its result staged, and committed (record
 * written, kept in memory) when that transaction ends, or with the outermost one → event. Errors propagate
 * unchanged and are never cached. A memory hit returns a settled promise without entering an async function (the
 * cheapest way to be awaited).
 */
export function runTask(engine: Engine, task: MethodDefinition, instance: object, args: unknown[]): Promise<unknown> {
  const active = activeRuns();
  const call: Call = {
    engine,
    task,
    instance,
    args,
    // Only events need it: listeners, or the run history of the flow run.
    startedAt: engine.taskRunListeners.isEmpty && !isRecorded(active?.flowRun) ? undefined : performance.now(),
    taskRun: new ActiveTaskRun(task, active?.flowRun, active?.taskRun),
    overrides: active?.overrides,
    transaction: active?.transaction,
    storage: undefined,
  };
  let key: string | undefined;
  try {
    key = computeCacheKey(engine, task, call.taskRun, args);
  } catch (error) {
    report(call, undefined, 'Failed', 0, undefined, error);
    return Promise.reject(error);
  }
  if (key === undefined) return runUncached(call);
  return runCached(call, key);
}

// Also where a call starts over when the result it waited for was rolled back.
function runCached(call: Call, key: string): Promise<unknown> {
  const found = lookUpMemory(call, key);
  if (typeof found !== 'string') {
    call.storage = found.stored?.storage;
    if (found.stored !== undefined && isDueForRevalidation(call.engine, found.stored)) {
      return serveRevalidated(call, key, found, found.stored);
    }
    report(call, key, 'Cached', 0);
    return Promise.resolve(found.value);
  }
  // An identical call is running: share its outcome (a refresh wants its own computation, not a stored record),
  // unless waiting for it would never end; then resolve the miss alone, as if it were not running.
  const running = found === 'refresh' ? undefined : call.engine.inFlight.get(key);
  if (running !== undefined) {
    const endWait = beginJoin(call, running);
    if (endWait !== undefined) return joinRunningCall(call, key, found, running, endWait);
    return resolveMissAlone(call, key, found);
  }
  return startRunningCall(call, key, found);
}

// A memory hit whose stored record was not confirmed for a while (`memoryRevalidateMs`): served once its record is
// found unchanged; else (deleted, or replaced by another process) the memory copy goes and the call starts over,
// taking the storage path.
function serveRevalidated(call: Call, key: string, entry: MemoryEntry, stored: StoredRecordRef): Promise<unknown> {
  return isStillStored(call.engine, call.task.name, key, stored).then((unchanged) => {
    if (unchanged) {
      report(call, key, 'Cached', 0);
      return entry.value;
    }
    const { results } = call.engine;
    if (results.get(key) === entry) results.delete(key); // unless a newer result replaced it meanwhile
    return runCached(call, key);
  });
}

// Resolves the miss without letting identical calls join: this call could not wait for the one running.
function resolveMissAlone(call: Call, key: string, memoryMiss: CacheMiss['reason']): Promise<unknown> {
  const transaction = openTransaction(call, key);
  return resolveMiss(call, transaction, key, memoryMiss).then((resolved) => resolved.value);
}

// Resolves the miss as a running call that identical calls can join until it ends.
function startRunningCall(call: Call, key: string, memoryMiss: CacheMiss['reason']): Promise<unknown> {
  const { inFlight } = call.engine;
  const transaction = openTransaction(call, key);
  const running: RunningCall = { transaction, resolution: resolveMiss(call, transaction, key, memoryMiss) };
  inFlight.set(key, running);
  const ended = () => {
    if (inFlight.get(key) === running) inFlight.delete(key); // a refresh may have started another meanwhile
  };
  void running.resolution.then(ended, ended);
  return running.resolution.then((resolved) => resolved.value);
}

// What joining the running call waits for, recorded as a wait of the joiner's transaction: in the same outermost
// transaction, the running call's end; elsewhere, its commit, at the latest when its outermost transaction ends.
// `undefined` when that wait would never end: the running call is the joiner's own caller (a task calling itself
// with the same key, directly or through other tasks), or its tree waits, itself, for the joiner's (two calls that
// call the same tasks in opposite order). A call made outside any transaction waits for nothing anyone waits for.
function beginJoin(call: Call, running: RunningCall): EndWait | undefined {
  if (call.transaction === undefined) return () => undefined;
  const sameTree = call.transaction.root === running.transaction.root;
  return beginWait(call.transaction, sameTree ? running.transaction : running.transaction.root);
}

// Single-flight: instead of running the body again, share the outcome of the identical call running now, once
// this call may read it. In the same outermost transaction at once when its rollback would roll this call back
// too (see `sharesFate`), else once committed, unless that wait would never end (then run the body alone).
// Elsewhere, once the result is committed. If it is rolled back instead, start over (look again, run the body).
// A failure is shared at once with every joiner: failures are never cached, and carry no result to isolate.
async function joinRunningCall(
  call: Call,
  key: string,
  memoryMiss: CacheMiss['reason'],
  running: RunningCall,
  endWait: EndWait,
): Promise<unknown> {
  let resolved: ResolvedCall;
  let end: WorkEnd | undefined = 'committed';
  try {
    const sameTree = call.transaction?.root === running.transaction.root;
    try {
      resolved = await running.resolution;
      if (!sameTree) end = await resolved.outcome.settled();
    } finally {
      endWait();
    }
    if (sameTree && !sharesFate(call.transaction, running.transaction, resolved.outcome)) {
      end = await awaitOutcome(call.transaction!, running.transaction, resolved.outcome);
    }
  } catch (error) {
    report(call, key, 'Failed', 0, undefined, error);
    throw error;
  }
  if (end === undefined) return resolveMissAlone(call, key, memoryMiss);
  if (end === 'rolledBack') return runCached(call, key);
  report(call, key, 'Cached', 0);
  return resolved.value;
}

/** The unexpired result kept in memory under the key, or why there is none to use. */
function lookUpMemory(call: Call, key: string): MemoryEntry | CacheMiss['reason'] {
  const { engine, task } = call;
  if (task.refreshCache ?? call.overrides?.refresh ?? engine.settings.refreshCache) return 'refresh';
  const entry = engine.results.get(key);
  if (entry === undefined) return 'absent';
  if (entry.expiresAt !== undefined && entry.expiresAt.getTime() <= engine.clock()) {
    engine.results.delete(key);
    return 'expired';
  }
  warnSharedResult(call, key, entry.taskName);
  return entry;
}

// Not in memory: look in the enclosing transactions' staged results, then read the stored record when
// persisting, else run the body in the call's own transaction and stage its result there (written when the
// transaction commits: at the end of this call unless an enclosing transaction commits later). SERIALIZABLE calls
// take the key's lock first (held until the outermost transaction ends) and look again: the holder before them
// may just have committed. A failed call rolls back its transaction (and so the ones it is part of).
async function resolveMiss(
  call: Call,
  transaction: Transaction,
  key: string,
  memoryMiss: CacheMiss['reason'],
): Promise<ResolvedCall> {
  try {
    const persistence = storablePersistence(call, key);
    const refresh = memoryMiss === 'refresh';
    if (!refresh) warnNeverReused(call);
    let latest = refresh ? memoryMiss : await lookUp(call, transaction, key, persistence);
    if (typeof latest !== 'string') return latest;
    if (call.task.isolationLevel === 'SERIALIZABLE') {
      // Each time another holder lets go, look again: what it committed ends the wait, so waiters read the result
      // together instead of taking the lock in turn. Holding the lock, look once more before running the body.
      let hit = undefined as ResolvedCall | undefined;
      const lookAgain = async () => {
        const again = await lookUpAgain(call, transaction, key, persistence);
        if (typeof again === 'string') latest = again;
        else hit = again;
        return hit !== undefined;
      };
      await lockKey(call, transaction, key, refresh ? undefined : lookAgain);
      if (!refresh && hit === undefined) await lookAgain();
      if (hit !== undefined) return hit;
    }
    return await computeAndStore(call, transaction, key, latest, persistence);
  } catch (error) {
    if (error instanceof BodyFailure) throw error.cause;
    report(call, key, 'Failed', 0, undefined, error);
    await transaction.end(error);
    throw error;
  } finally {
    await transaction.end(); // after a hit or a failure: only lets go of its lock
  }
}

// The result staged under the key by an earlier call in the enclosing transactions, else the stored one
// (remembered in memory), each reported as Cached; or why there is none to use. A staged result is read at once
// when its rollback would roll this call back too (see `sharesFate`), else once committed (rolled back: look
// again), unless that wait would never end: then it is not used.
async function lookUp(
  call: Call,
  transaction: Transaction,
  key: string,
  persistence: Persistence | undefined,
): Promise<ResolvedCall | CacheMiss['reason']> {
  const staged = call.transaction?.findStaged(key);
  if (staged !== undefined) {
    const source = staged.hookContext.transaction; // the staging call's own transaction
    const end = sharesFate(call.transaction, source, staged.outcome)
      ? 'committed'
      : await awaitOutcome(transaction, source, staged.outcome);
    if (end === 'rolledBack') return lookUp(call, transaction, key, persistence);
    if (end === 'committed') {
      report(call, key, 'Cached', 0);
      return { value: staged.value, outcome: staged.outcome };
    }
  }
  if (persistence === undefined) return 'absent';
  const stored = await readStoredResult(call.engine, call.task, key, persistence);
  if (typeof stored === 'string') return stored;
  warnSharedResult(call, key, stored.metadata.taskName);
  const expiresAt = stored.metadata.expiresAt === null ? undefined : new Date(stored.metadata.expiresAt);
  const origin = new StoredRecordRef(persistence.storage, stored.metadata.digest, call.engine.clock());
  remember(call, key, stored.value, Date.parse(stored.metadata.createdAt), expiresAt, origin, stored.metadata.payloadLength);
  report(call, key, 'Cached', 0);
  return { value: stored.value, outcome: CommitOutcome.committed };
}

// After waiting for a lock: the result its holder kept in memory, else `lookUp`.
async function lookUpAgain(
  call: Call,
  transaction: Transaction,
  key: string,
  persistence: Persistence | undefined,
): Promise<ResolvedCall | CacheMiss['reason']> {
  const remembered = lookUpMemory(call, key);
  if (typeof remembered === 'string') return lookUp(call, transaction, key, persistence);
  report(call, key, 'Cached', 0);
  return { value: remembered.value, outcome: CommitOutcome.committed };
}

/** A failure of the body (already reported), carried through `resolveMiss` so it is not reported twice. */
class BodyFailure {
  constructor(readonly cause: unknown) {}
}

async function computeAndStore(
  call: Call,
  transaction: Transaction,
  key: string,
  reason: CacheMiss['reason'],
  persistence: Persistence | undefined,
): Promise<ResolvedCall> {
  const { engine, task } = call;
  const described = !engine.taskRunListeners.isEmpty || isRecorded(call.taskRun.flowRun);
  const miss = described ? describeMiss(engine, task, call.taskRun, call.args, reason) : undefined;
  const attempts = new AttemptCounter();
  const bodyStartedAt = performance.now();
  let completed = false;
  try {
    const value = await runBodyWithRetries(call, transaction, attempts);
    const createdAt = engine.clock();
    const expiresAt = task.expirationMs === undefined ? undefined : createdAt + task.expirationMs;
    const result = { key, value, createdAt, expiresAt, durationMs: performance.now() - bodyStartedAt };
    if (miss?.components !== undefined) engine.latestComponents.set(task, miss.components);
    // Completed now: should its transaction be rolled back later, the run is reported again, as RolledBack.
    report(call, key, 'Completed', attempts.count, miss?.miss);
    completed = true;
    const staged = stagedResult(call, transaction, result, attempts, persistence);
    await transaction.stage(staged);
    await transaction.end();
    return { value, outcome: staged.outcome };
  } catch (error) {
    // The failure first, then what it undid: this call's work, and the transactions it is part of.
    if (!completed) report(call, key, 'Failed', attempts.count, miss?.miss, error);
    await transaction.end(error);
    throw new BodyFailure(error);
  }
}

// A task call's own transaction: keyed by its cache key, in the enclosing transaction's commit mode.
function openTransaction(call: Call, key: string | undefined): Transaction {
  return new Transaction({
    name: call.task.name,
    key,
    parent: call.transaction,
    commitMode: call.transaction?.commitMode ?? 'lazy',
    isolationLevel: call.task.isolationLevel,
    logger: call.engine.logger,
    retriesAttempts: call.task.retries > 0,
  });
}

// The call's completed work, as staged in its transaction: its hooks, and its result (committed in the steps
// `StagedWork` describes: its record serialized, with the commit's id when the commit writes several, written
// when persisting, then kept in memory).
function stagedResult(
  call: Call,
  transaction: Transaction,
  result: ResultToWrite,
  attempts: AttemptCounter,
  persistence: Persistence | undefined,
): StagedWork {
  const { engine, task, taskRun } = call;
  const { key, value, createdAt, expiresAt } = result;
  let record: Uint8Array | undefined;
  let written: RecordWrite | undefined;
  return {
    ...stagedWork(call, transaction, value, attempts),
    persists: persistence !== undefined,
    prepare: (commitId) => {
      if (persistence !== undefined) record = prepareRecord(engine, task, taskRun, result, persistence, commitId);
    },
    write: async () => {
      if (record !== undefined) written = await writeRecord(engine, task, taskRun, key, record, persistence!);
      return written;
    },
    remember: () => {
      const origin = written === undefined ? undefined : writtenRecordRef(engine.clock(), key, record!, written);
      remember(call, key, value, createdAt, expiresAt === undefined ? undefined : new Date(expiresAt), origin, record?.byteLength);
    },
  };
}

// The call's completed work with its hooks, as staged in its transaction (all of it, for an uncached call).
function stagedWork(call: Call, transaction: Transaction, value: unknown, attempts: AttemptCounter): StagedWork {
  const { engine, task, taskRun } = call;
  const cacheKey = transaction.key;
  return {
    label: task.name,
    logger: engine.logger,
    cacheKey,
    value,
    hookContext: { transaction, task, taskRun, cacheKey, value },
    onCommit: task.onCommit,
    onRollback: task.onRollback,
    outcome: new CommitOutcome(),
    rolledBack: () => report(call, cacheKey, 'RolledBack', attempts.count),
  };
}

// Takes the key's lock for the outermost transaction (see `Transaction.holdLock`), unless `isSettled` ends the wait.
function lockKey(call: Call, transaction: Transaction, key: string, isSettled?: () => Promise<boolean>): Promise<void> {
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
  return transaction.holdLock(locks, key, (holder, contention) =>
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
}

// Persistence for this call, unless the key cannot name a record (then the result stays in memory, with a warning)
// or is unique to this call (RUN_ID outside a flow: a record nobody could ever read again).
function storablePersistence(call: Call, key: string): Persistence | undefined {
  const persistence = persistenceFor(call.engine, call.task, call.taskRun.flowRun);
  if (persistence === undefined || (call.taskRun.flowRun === undefined && keyedByRunId(call.task))) return undefined;
  try {
    checkStorageKey(key);
    call.engine.storagesUsed.add(persistence.storage);
    call.storage = persistence.storage;
    return persistence;
  } catch (error) {
    call.engine.warnOnce(
      `storage-key:${call.task.name}`,
      `${call.task.name} keeps its results in memory only: ${(error as Error).message}`,
    );
    return undefined;
  }
}

async function runUncached(call: Call): Promise<unknown> {
  const transaction = openTransaction(call, undefined);
  const attempts = new AttemptCounter();
  let completed = false;
  try {
    const value = await runBodyWithRetries(call, transaction, attempts);
    report(call, undefined, 'Completed', attempts.count);
    completed = true;
    await transaction.stage(stagedWork(call, transaction, value, attempts));
    await transaction.end();
    return value;
  } catch (error) {
    if (!completed) report(call, undefined, 'Failed', attempts.count, undefined, error);
    await transaction.end(error);
    throw error;
  }
}

// Each failed attempt's staged work is rolled back before the next attempt.
function runBodyWithRetries(call: Call, transaction: Transaction, attempts: AttemptCounter): Promise<unknown> {
  const { engine, task, taskRun, overrides, instance, args } = call;
  const body = () => task.body.apply(instance, args);
  const { telemetry } = engine; // what the body calls is a child of the run's span
  const traced = telemetry === undefined ? body : () => telemetry.runTaskBody(taskRun, call.startedAt, body);
  return runAttempts(task, attempts, () =>
    runInTaskRun(taskRun, overrides, transaction, traced).catch(async (error: unknown) => {
      await transaction.discardAttempt();
      throw error;
    }),
  );
}

// `serializedBytes`: the length of the result's record, when it has one (see `MemoryTier.set`).
function remember(
  call: Call,
  key: string,
  value: unknown,
  createdAt: number,
  expiresAt: Date | undefined,
  stored: StoredRecordRef | undefined,
  serializedBytes: number | undefined,
): void {
  if (!call.task.cacheResultInMemory) return;
  const entry = { value, taskName: call.task.name, createdAt: new Date(createdAt), expiresAt, stored };
  call.engine.results.set(key, entry, serializedBytes);
}

// The record a commit wrote (or is writing, in the background), as its memory copy refers to it.
function writtenRecordRef(now: number, key: string, record: Uint8Array, write: RecordWrite): StoredRecordRef | undefined {
  const metadata = readRecordMetadata(key, record);
  return 'digest' in metadata ? new StoredRecordRef(write.storage, metadata.digest, now, write.written) : undefined;
}
