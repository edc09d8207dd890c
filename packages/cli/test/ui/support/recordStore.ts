import type { ResultStorage } from '@flowcache/core';
import { encodeRecord, type FlowRunSummary, type TaskRunSummary } from '@flowcache/core/records';
import { encodeRunHistory, runHistoryKey } from '../../../../core/src/history/RunHistory';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** One record to write: its key, task, payload size and times. */
export interface RecordSeed {
  readonly key: string;
  readonly task: string;
  /** Bytes of payload; the record stored is a few hundred bytes more (its header). */
  readonly payloadBytes: number;
  readonly createdAt: Date;
  readonly expiresAt: Date | null;
}

/** One task run of a flow run to write: which record it used (or wrote), how, and when it ended. */
export interface TaskRunSeed {
  readonly cacheKey: string;
  readonly task: string;
  readonly state: TaskRunSummary['state'];
  readonly endedAt: Date;
}

/**
 * Writes records with the core's encoder, `concurrency` at a time: thousands in a second or two, where running
 * real flows would take minutes. The payload is bytes of JSON text, as a `json/v1` record's is.
 */
export async function writeRecords(storage: ResultStorage, seeds: readonly RecordSeed[], concurrency = 64) {
  for (let start = 0; start < seeds.length; start += concurrency) {
    await Promise.all(
      seeds.slice(start, start + concurrency).map((seed) =>
        storage.put(
          seed.key,
          encodeRecord(
            {
              storageKey: seed.key,
              taskName: seed.task,
              cacheKey: seed.key,
              createdAt: seed.createdAt.toISOString(),
              expiresAt: seed.expiresAt?.toISOString() ?? null,
              serializer: 'json/v1',
              flowRunId: null,
              durationMs: 5,
            },
            Buffer.from(JSON.stringify('x'.repeat(Math.max(0, seed.payloadBytes - 2)))),
          ),
        ),
      ),
    );
  }
}

/** Writes the run history of one top-level flow run holding these task runs, as an engine would. */
export async function writeFlowRun(
  storage: ResultStorage,
  flowRunId: string,
  startedAt: Date,
  taskRuns: readonly TaskRunSeed[],
): Promise<void> {
  const endedAt = new Date(Math.max(startedAt.getTime(), ...taskRuns.map((run) => run.endedAt.getTime())));
  const run: FlowRunSummary = {
    flowRunId,
    flowName: 'Nightly.refresh',
    state: 'Completed',
    parameters: {},
    startedAt: startedAt.toISOString(),
    endedAt: endedAt.toISOString(),
    durationMs: endedAt.getTime() - startedAt.getTime(),
    attempts: 1,
    error: null,
    taskRuns: taskRuns.map((taskRun, index) => ({
      taskRunId: `${flowRunId}-${index}`,
      taskName: taskRun.task,
      state: taskRun.state,
      cacheKey: taskRun.cacheKey,
      startedAt: taskRun.endedAt.toISOString(),
      endedAt: taskRun.endedAt.toISOString(),
      durationMs: 0,
      attempts: 1,
      cacheMiss: taskRun.state === 'Completed' ? 'absent' : null,
      error: null,
      ...(taskRun.state === 'Cached' ? { savedMs: 5 } : {}),
    })),
    subflows: [],
    moreTaskRuns: [],
    moreSubflows: [],
  };
  await storage.put(runHistoryKey(flowRunId, startedAt, 0), encodeRunHistory(run));
}

export const STORE_TASKS = ['Sales.load', 'Sales.clean', 'Reports.build', 'Models.train'];

/**
 * The record seeds of a store of `count` records, spread over the tasks, sizes (about 100 B to 20 KB), ages (0 to
 * 30 days) and expiries (a quarter expired, a quarter never expiring, the rest within 1 to 48 hours), the same for
 * the same arguments. Keys are `<task in lower case>/<index>`.
 */
export function recordSeeds(count: number, now: number): RecordSeed[] {
  return Array.from({ length: count }, (_, index) => {
    const task = STORE_TASKS[index % STORE_TASKS.length];
    return {
      key: `${task.toLowerCase()}/${String(index).padStart(6, '0')}`,
      task,
      payloadBytes: 100 + ((index * 7919) % 20_000),
      createdAt: new Date(now - ((index * 37) % 30) * DAY - (index % 3600) * 1000),
      expiresAt:
        index % 4 === 0 ? new Date(now - HOUR) : index % 4 === 1 ? null : new Date(now + (1 + (index % 48)) * HOUR),
    };
  });
}

/**
 * Fills a store for the records pages: `records` records (see `recordSeeds`) and `flowRuns` flow runs, run `n`
 * started `n` hours before `now`, each using `usesPerRun` records (the first written, the rest returned from the
 * cache), so that some records were used recently, some long ago, and many never.
 */
export async function fillRecordStore(
  storage: ResultStorage,
  { records, flowRuns, usesPerRun = 20, now }: { records: number; flowRuns: number; usesPerRun?: number; now: number },
): Promise<RecordSeed[]> {
  const seeds = recordSeeds(records, now);
  await writeRecords(storage, seeds);
  for (let start = 0; start < flowRuns; start += 16) {
    await Promise.all(
      Array.from({ length: Math.min(16, flowRuns - start) }, (_, offset) => {
        const run = start + offset;
        const startedAt = new Date(now - (run + 1) * HOUR);
        const taskRuns = Array.from({ length: usesPerRun }, (_, use): TaskRunSeed => {
          const seed = seeds[(run * 7 + use * 13) % Math.max(1, Math.floor(seeds.length / 2))];
          return {
            cacheKey: seed.key,
            task: seed.task,
            state: use === 0 ? 'Completed' : 'Cached',
            endedAt: new Date(startedAt.getTime() + use * 1000),
          };
        });
        return writeFlowRun(storage, `run-${run}`, startedAt, taskRuns);
      }),
    );
  }
  return seeds;
}
