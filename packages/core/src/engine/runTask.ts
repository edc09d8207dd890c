import { performance } from 'node:perf_hooks';
import type { MemoryEntry } from '../cache/MemoryTier';
import type { StoredRecordRef } from '../cache/StoredRecordRef';
import { runInTaskRun } from '../context/runContext';
import type { MethodDefinition } from '../definitions/MethodDefinition';
import type { CacheMiss } from '../events/runEvents';
import { CommitOutcome, type WorkEnd } from '../transactions/CommitOutcome';
import { awaitOutcome, sharesFate } from '../transactions/sharesFate';
import { Transaction, type StagedWork } from '../transactions/Transaction';
import { beginWait, type EndWait } from '../transactions/waitsBetweenTransactions';
import { computeCacheKey } from './computeCacheKey';
import { describeMiss } from './describeMiss';
import type { Engine } from './Engine';
import { ResultStore } from './ResultStore';
import { isDueForRevalidation, isStillStored } from './revalidateMemoryHit';
import { AttemptCounter, runAttempts } from './runAttempts';
import type { Lookup, ResolvedCall, RunningCall } from './RunningCall';
import { TaskCall } from './TaskCall';
import { warnNeverReused } from './warnNeverReused';
import { warnSharedResult } from './warnSharedResult';

type MissReason = CacheMiss['reason'];
type MemoryLookup =
  | { readonly hit: true; readonly entry: MemoryEntry }
  | { readonly hit: false; readonly reason: MissReason };

/**
 * The path of one `@Task` call, in the order of the functions below: key → memory lookup (unless refreshing; an
 * expired result is a miss) → join an identical call already running (once its result may be read; not when that
 * wait would never end) → on a miss: a result staged by the enclosing transaction, else the stored record (when
 * persisting) → [SERIALIZABLE: the key's lock, then look again] → body with retries, in the call's own
 * transaction → its result staged there, and committed when that transaction ends (or with the outermost one):
 * the commit has the call's `ResultStore` encode the record, write it and keep the result in memory → event. Errors
 * propagate unchanged and are never cached. A memory hit returns a settled promise without entering an async
 * function (the cheapest way to be awaited).
 */
export function runTask(engine: Engine, task: MethodDefinition, instance: object, args: unknown[]): Promise<unknown> {
  const call = new TaskCall(engine, task, instance, args);
  let key: string | undefined;
  try {
    key = computeCacheKey(engine, task, call.taskRun, args);
  } catch (error) {
    call.reportFailed(error);
    return Promise.reject(error);
  }
  if (key === undefined) return runUncached(call);
  call.key = key;
  return runCached(call, key);
}

// Also where a call starts over when the result it waited for was rolled back.
function runCached(call: TaskCall, key: string): Promise<unknown> {
  const found = lookUpMemory(call, key);
  if (found.hit) {
    const { entry } = found;
    call.storage = entry.stored?.storage;
    if (entry.stored !== undefined && isDueForRevalidation(call.engine, entry.stored)) {
      return serveRevalidated(call, key, entry, entry.stored);
    }
    call.reportCached(entry.computeMs);
    return Promise.resolve(entry.value);
  }
  // An identical call is running: share its outcome (a refresh wants its own computation, not a stored record),
  // unless waiting for it would never end; then resolve the miss alone, as if it were not running.
  const running = found.reason === 'refresh' ? undefined : call.engine.runningCall(key);
  if (running !== undefined) {
    const endWait = beginJoin(call, running);
    if (endWait !== undefined) return joinRunningCall(call, key, found.reason, running, endWait);
    return resolveMissAlone(call, key, found.reason);
  }
  return startRunningCall(call, key, found.reason);
}

/** The unexpired result kept in memory under the key, or why there is none to use. */
function lookUpMemory(call: TaskCall, key: string): MemoryLookup {
  const { engine, task } = call;
  if (task.refreshCache ?? call.overrides?.refresh ?? engine.settings.refreshCache) return REFRESH;
  const entry = engine.results.get(key);
  if (entry === undefined) return ABSENT;
  if (entry.expiresAt !== undefined && entry.expiresAt.getTime() <= engine.clock()) {
    engine.results.delete(key);
    return EXPIRED;
  }
  warnSharedResult(call, key, entry.taskName);
  return { hit: true, entry };
}

const REFRESH: MemoryLookup = { hit: false, reason: 'refresh' };
const ABSENT: MemoryLookup = { hit: false, reason: 'absent' };
const EXPIRED: MemoryLookup = { hit: false, reason: 'expired' };

// A memory hit whose stored record was not confirmed for a while (`memoryRevalidateMs`): served once its record is
// found unchanged; else (deleted, or replaced by another process) the memory copy goes and the call starts over,
// taking the storage path.
function serveRevalidated(call: TaskCall, key: string, entry: MemoryEntry, stored: StoredRecordRef): Promise<unknown> {
  return isStillStored(call.engine, call.task.name, key, stored).then((unchanged) => {
    if (unchanged) {
      call.reportCached(entry.computeMs);
      return entry.value;
    }
    const { results } = call.engine;
    if (results.get(key) === entry) results.delete(key); // unless a newer result replaced it meanwhile
    return runCached(call, key);
  });
}

// Resolves the miss as a running call that identical calls can join until it ends.
function startRunningCall(call: TaskCall, key: string, memoryMiss: MissReason): Promise<unknown> {
  const transaction = openTransaction(call, key);
  const running: RunningCall = { transaction, resolution: resolveMiss(call, transaction, key, memoryMiss) };
  call.engine.singleFlight(key, running);
  return running.resolution.then((resolved) => resolved.value);
}

// Resolves the miss without letting identical calls join: this call could not wait for the one running.
function resolveMissAlone(call: TaskCall, key: string, memoryMiss: MissReason): Promise<unknown> {
  const transaction = openTransaction(call, key);
  return resolveMiss(call, transaction, key, memoryMiss).then((resolved) => resolved.value);
}

// What joining the running call waits for, recorded as a wait of the joiner's transaction: in the same outermost
// transaction, the running call's end; elsewhere, its commit, at the latest when its outermost transaction ends.
// `undefined` when that wait would never end: the running call is the joiner's own caller (a task calling itself
// with the same key, directly or through other tasks), or its tree waits, itself, for the joiner's (two calls that
// call the same tasks in opposite order). A call made outside any transaction waits for nothing anyone waits for.
function beginJoin(call: TaskCall, running: RunningCall): EndWait | undefined {
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
  call: TaskCall,
  key: string,
  memoryMiss: MissReason,
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
    call.reportFailed(error);
    throw error;
  }
  if (end === undefined) return resolveMissAlone(call, key, memoryMiss);
  if (end === 'rolledBack') return runCached(call, key);
  call.reportCached(resolved.computeMs);
  return resolved.value;
}

// Not in memory: look in the enclosing transactions' staged results, then read the stored record when
// persisting; SERIALIZABLE calls then take the key's lock (held until the outermost transaction ends) and look
// again: the holder before them may just have committed. Still a miss: compute the result and stage it. A
// failure before the body runs ends the call's transaction with it (and so the ones it is part of).
async function resolveMiss(
  call: TaskCall,
  transaction: Transaction,
  key: string,
  memoryMiss: MissReason,
): Promise<ResolvedCall> {
  let store: ResultStore;
  let found: Lookup;
  try {
    store = ResultStore.for(call, key);
    if (memoryMiss === 'refresh') {
      found = { hit: false, reason: memoryMiss };
    } else {
      warnNeverReused(call);
      found = await lookUp(call, transaction, key, store);
    }
    if (!found.hit && call.task.isolationLevel === 'SERIALIZABLE')
      found = await lockAndLookAgain(call, transaction, key, store, found);
  } catch (error) {
    call.reportFailed(error);
    await transaction.end(error);
    throw error;
  }
  if (found.hit) {
    await transaction.end(); // only lets go of its lock
    return found;
  }
  return computeAndStage(call, transaction, key, store, found.reason);
}

// The result staged under the key by an earlier call in the enclosing transactions, else the stored one
// (remembered in memory), each reported as Cached; or why there is none to use. A staged result is read at once
// when its rollback would roll this call back too (see `sharesFate`), else once committed (rolled back: look
// again), unless that wait would never end: then it is not used.
async function lookUp(call: TaskCall, transaction: Transaction, key: string, store: ResultStore): Promise<Lookup> {
  const staged = call.transaction?.findStaged(key);
  if (staged?.result !== undefined) {
    const source = staged.hookContext.transaction; // the staging call's own transaction
    const end = sharesFate(call.transaction, source, staged.outcome)
      ? 'committed'
      : await awaitOutcome(transaction, source, staged.outcome);
    if (end === 'rolledBack') return lookUp(call, transaction, key, store);
    if (end === 'committed') {
      const { value, durationMs } = staged.result;
      call.reportCached(durationMs);
      return { hit: true, value, outcome: staged.outcome, computeMs: durationMs };
    }
  }
  const stored = await store.read();
  if (!stored.hit) return stored;
  call.reportCached(stored.computeMs);
  return { hit: true, value: stored.value, outcome: CommitOutcome.committed, computeMs: stored.computeMs };
}

// Takes the key's lock. Each time another holder lets go, looks again (memory first, where that holder kept its
// result): what it committed ends the wait, so waiters read the result together instead of taking the lock in
// turn. Holding the lock, looks once more before the body runs. A refresh only waits for the lock.
async function lockAndLookAgain(
  call: TaskCall,
  transaction: Transaction,
  key: string,
  store: ResultStore,
  miss: Lookup,
): Promise<Lookup> {
  let latest = miss;
  const lookAgain = async () => {
    const remembered = lookUpMemory(call, key);
    if (remembered.hit) {
      const { value, computeMs } = remembered.entry;
      call.reportCached(computeMs);
      latest = { hit: true, value, outcome: CommitOutcome.committed, computeMs };
    } else {
      latest = await lookUp(call, transaction, key, store);
    }
    return latest.hit;
  };
  const refresh = !miss.hit && miss.reason === 'refresh';
  await store.lock(transaction, refresh ? undefined : lookAgain);
  if (!refresh && !latest.hit) await lookAgain();
  return latest;
}

// Runs the body and stages its result in the call's transaction; ending the transaction commits it (at the end
// of this call, unless an enclosing transaction commits later): its commit has `store` encode the
// record, write it and keep the result in memory. A failure rolls the transaction back.
async function computeAndStage(
  call: TaskCall,
  transaction: Transaction,
  key: string,
  store: ResultStore,
  reason: MissReason,
): Promise<ResolvedCall> {
  const { engine, task } = call;
  const miss = call.isReported() ? describeMiss(engine, task, call.taskRun, call.args, reason) : undefined;
  const attempts = new AttemptCounter();
  const bodyStartedAt = performance.now();
  let completed = false;
  try {
    const value = await runBodyWithRetries(call, transaction, attempts);
    const createdAt = engine.clock();
    const expiresAt = task.expirationMs === undefined ? undefined : createdAt + task.expirationMs;
    const durationMs = performance.now() - bodyStartedAt;
    if (miss?.components !== undefined) engine.rememberKeyComponents(task, miss.components);
    // Completed now: should its transaction be rolled back later, the run is reported again, as RolledBack.
    call.reportCompleted(attempts.count, miss?.miss);
    completed = true;
    const work = stagedWork(call, transaction, attempts, value, {
      key,
      value,
      createdAt,
      expiresAt,
      durationMs,
      store,
    });
    await transaction.stage(work);
    await transaction.end();
    return { value, outcome: work.outcome, computeMs: durationMs };
  } catch (error) {
    // The failure first, then what it undid: this call's work, and the transactions it is part of.
    if (!completed) call.reportFailed(error, attempts.count, miss?.miss);
    await transaction.end(error);
    throw error;
  }
}

// A call that is not cached still runs in a transaction of its own: its hooks are staged there.
async function runUncached(call: TaskCall): Promise<unknown> {
  const transaction = openTransaction(call, undefined);
  const attempts = new AttemptCounter();
  let completed = false;
  try {
    const value = await runBodyWithRetries(call, transaction, attempts);
    call.reportCompleted(attempts.count, undefined);
    completed = true;
    await transaction.stage(stagedWork(call, transaction, attempts, value, undefined));
    await transaction.end();
    return value;
  } catch (error) {
    if (!completed) call.reportFailed(error, attempts.count);
    await transaction.end(error);
    throw error;
  }
}

// Each failed attempt's staged work is rolled back before the next attempt.
function runBodyWithRetries(call: TaskCall, transaction: Transaction, attempts: AttemptCounter): Promise<unknown> {
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

// A task call's own transaction: keyed by its cache key, in the enclosing transaction's commit mode.
function openTransaction(call: TaskCall, key: string | undefined): Transaction {
  return Transaction.open({
    name: call.task.name,
    key,
    parent: call.transaction,
    commitMode: call.transaction?.commitMode ?? 'lazy',
    isolationLevel: call.task.isolationLevel,
    logger: call.engine.logger,
    retriesAttempts: call.task.retries > 0,
  });
}

// The call's completed work as staged in its transaction: its result (for a cached call) and its hooks.
function stagedWork(
  call: TaskCall,
  transaction: Transaction,
  attempts: AttemptCounter,
  value: unknown,
  result: StagedWork['result'],
): StagedWork {
  const { engine, task, taskRun } = call;
  const cacheKey = transaction.key;
  return {
    label: task.name,
    logger: engine.logger,
    result,
    hookContext: { transaction, task, taskRun, cacheKey, value },
    onCommit: task.onCommit,
    onRollback: task.onRollback,
    outcome: new CommitOutcome(),
    call,
    attempts: attempts.count,
  };
}
