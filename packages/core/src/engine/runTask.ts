import { performance } from 'node:perf_hooks';
import type { MemoryEntry } from '../cache/MemoryResultStore';
import { activeRuns, runInTaskRun } from '../context/runContext';
import { TaskRunRecord } from '../context/TaskRunRecord';
import type { TaskDefinition } from '../definitions/TaskDefinition';
import type { CacheMiss } from '../events/runEvents';
import { checkStorageKey } from '../storage/checkStorageKey';
import type { Call } from './Call';
import { computeCacheKey } from './computeCacheKey';
import { describeMiss } from './describeMiss';
import { holdingLock } from './holdingLock';
import type { Engine } from './Engine';
import { keyedByRunId } from './keyRecipe';
import { persistenceFor, type Persistence } from './persistenceFor';
import { readStoredResult } from './readStoredResult';
import { report } from './reportTaskRun';
import { AttemptCounter, runAttempts } from './runAttempts';
import { writeResult } from './writeResult';

/**
 * The path of one `@Task` call: key → memory lookup (unless refreshing; an expired result is a miss) → join an
 * identical call already running → stored record (when persisting) → body with retries → remember in memory →
 * write the record (now, or in the background) → event. Errors propagate unchanged and are never cached. A
 * memory hit returns a settled promise without entering an async function (the cheapest way to be awaited).
 */
export function runTask(engine: Engine, task: TaskDefinition, instance: object, args: unknown[]): Promise<unknown> {
  const active = activeRuns();
  const call: Call = {
    engine,
    task,
    instance,
    args,
    startedAt: engine.taskRunListeners.isEmpty ? undefined : performance.now(), // only events need it
    taskRun: new TaskRunRecord(task, active?.flowRun, active?.taskRun),
    overrides: active?.overrides,
  };
  let key: string | undefined;
  try {
    key = computeCacheKey(engine, task, call.taskRun, args);
  } catch (error) {
    report(call, undefined, 'Failed', 0, undefined, error);
    return Promise.reject(error);
  }
  if (key === undefined) return runUncached(call);

  const found = lookUpMemory(call, key);
  if (typeof found !== 'string') {
    report(call, key, 'Cached', 0);
    return Promise.resolve(found.value);
  }
  // An identical call is running: share its outcome (a refresh wants its own computation, not a stored record).
  const running = found === 'refresh' ? undefined : engine.inFlight.get(key);
  if (running !== undefined) return joinRunningCall(call, key, running);
  const resolution = resolveMiss(call, key, found);
  engine.inFlight.set(key, resolution);
  void resolution.then(
    () => engine.inFlight.delete(key),
    () => engine.inFlight.delete(key),
  );
  return resolution;
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
  return entry;
}

// Not in memory: read the stored record when persisting, else run the body and keep (and write) its result.
// SERIALIZABLE calls run the body holding the key's lock, and look for a record again once they hold it: the
// holder before them may just have written one.
async function resolveMiss(call: Call, key: string, memoryMiss: CacheMiss['reason']): Promise<unknown> {
  let persistence: Persistence | undefined;
  try {
    persistence = storablePersistence(call, key);
    const found = memoryMiss === 'refresh' ? memoryMiss : await readStored(call, key, persistence);
    if (typeof found !== 'string' || call.task.isolationLevel !== 'SERIALIZABLE') {
      return typeof found !== 'string' ? found.value : await computeAndStore(call, key, found, persistence);
    }
    return await holdingLock(call, key, async () => {
      const again = memoryMiss === 'refresh' ? memoryMiss : await readStored(call, key, persistence);
      return typeof again !== 'string' ? again.value : computeAndStore(call, key, again, persistence);
    });
  } catch (error) {
    if (!(error instanceof BodyFailure)) report(call, key, 'Failed', 0, undefined, error);
    throw error instanceof BodyFailure ? error.cause : error;
  }
}

// The stored result (remembered in memory and reported as Cached), or why there is none to use.
async function readStored(
  call: Call,
  key: string,
  persistence: Persistence | undefined,
): Promise<{ value: unknown } | CacheMiss['reason']> {
  if (persistence === undefined) return 'absent';
  const stored = await readStoredResult(call.engine, call.task, key, persistence);
  if (typeof stored === 'string') return stored;
  const expiresAt = stored.metadata.expiresAt === null ? undefined : new Date(stored.metadata.expiresAt);
  remember(call, key, stored.value, Date.parse(stored.metadata.createdAt), expiresAt);
  report(call, key, 'Cached', 0);
  return { value: stored.value };
}

/** A failure of the body (already reported), carried through `resolveMiss` so it is not reported twice. */
class BodyFailure {
  constructor(readonly cause: unknown) {}
}

async function computeAndStore(
  call: Call,
  key: string,
  reason: CacheMiss['reason'],
  persistence: Persistence | undefined,
): Promise<unknown> {
  const { engine, task } = call;
  const miss = engine.taskRunListeners.isEmpty ? undefined : describeMiss(engine, task, call.taskRun, call.args, reason);
  const attempts = new AttemptCounter();
  const bodyStartedAt = performance.now();
  try {
    const value = await runBodyWithRetries(call, attempts);
    const createdAt = engine.clock();
    const expiresAt = task.expirationMs === undefined ? undefined : createdAt + task.expirationMs;
    if (persistence !== undefined) {
      const durationMs = performance.now() - bodyStartedAt;
      await writeResult(engine, task, call.taskRun, { key, value, createdAt, expiresAt, durationMs }, persistence);
    }
    remember(call, key, value, createdAt, expiresAt === undefined ? undefined : new Date(expiresAt));
    if (miss?.components !== undefined) engine.latestComponents.set(task, miss.components);
    report(call, key, 'Completed', attempts.count, miss?.miss);
    return value;
  } catch (error) {
    report(call, key, 'Failed', attempts.count, miss?.miss, error);
    throw new BodyFailure(error);
  }
}

// Persistence for this call, unless the key cannot name a record (then the result stays in memory, with a warning)
// or is unique to this call (RUN_ID outside a flow: a record nobody could ever read again).
function storablePersistence(call: Call, key: string): Persistence | undefined {
  const persistence = persistenceFor(call.engine, call.task, call.taskRun.flowRun);
  if (persistence === undefined || (call.taskRun.flowRun === undefined && keyedByRunId(call.task))) return undefined;
  try {
    checkStorageKey(key);
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
  const attempts = new AttemptCounter();
  try {
    const value = await runBodyWithRetries(call, attempts);
    report(call, undefined, 'Completed', attempts.count);
    return value;
  } catch (error) {
    report(call, undefined, 'Failed', attempts.count, undefined, error);
    throw error;
  }
}

function runBodyWithRetries(call: Call, attempts: AttemptCounter): Promise<unknown> {
  const { task, taskRun, overrides, instance, args } = call;
  return runAttempts(task, attempts, () => runInTaskRun(taskRun, overrides, () => task.body.apply(instance, args)));
}

function remember(call: Call, key: string, value: unknown, createdAt: number, expiresAt: Date | undefined): void {
  if (!call.task.cacheResultInMemory) return;
  call.engine.results.set(key, { value, taskName: call.task.name, createdAt: new Date(createdAt), expiresAt });
}

// Single-flight: wait for the identical call's outcome instead of running the body again.
async function joinRunningCall(call: Call, key: string, running: Promise<unknown>): Promise<unknown> {
  try {
    const value = await running;
    report(call, key, 'Cached', 0);
    return value;
  } catch (error) {
    report(call, key, 'Failed', 0, undefined, error);
    throw error;
  }
}
