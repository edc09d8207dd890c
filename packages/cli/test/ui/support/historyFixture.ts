import type { ResultStorage, TaskRunState } from '@flowcache/core';
import { encodeRecord, type FlowRunSummary, type TaskRunSummary } from '@flowcache/core/records';
import { encodeRunHistory, runHistoryKey } from '../../../../core/src/history/RunHistory';

const HOUR = 3_600_000;

/** The tasks every fixture flow run calls, in order; `Reports.publish` fails in every tenth flow run. */
export const FIXTURE_TASKS = ['Reports.load', 'Reports.total', 'Reports.publish'] as const;

/** What a history fixture wrote, counted by construction: what a page must show for it. */
export interface HistoryFixture {
  /** Task runs per UTC day (`2026-12-07`), per task, per state. */
  readonly byDay: ReadonlyMap<string, ReadonlyMap<string, Record<TaskRunState, number>>>;
  /** Compute time saved per task, in all, in milliseconds. */
  readonly savedMs: ReadonlyMap<string, number>;
  /** Records written, per task: how many and their bytes. */
  readonly records: ReadonlyMap<string, { count: number; bytes: number }>;
  /** Task runs of one task (or all, without a name) from `since` on, by state. */
  countSince(since: number, task?: string): Record<TaskRunState, number>;
}

export interface HistoryFixtureOptions {
  /** The start of the newest flow run. */
  readonly now: number;
  readonly flowRuns: number;
  /** Time between one flow run's start and the next one's (older) start. */
  readonly spacingMs?: number;
  /**
   * Records to write besides the history, of `Reports.load` and `Reports.total` in turn, record `i` created
   * `i * spacingMs` before `now` (when flow run `i` started, while there is one).
   */
  readonly records?: number;
}

/**
 * Writes run history straight into a storage, as engines write it (core's `encodeRunHistory`, `runHistoryKey`),
 * thousands of flow runs in seconds: flow run `i` starts `i * spacingMs` before `now` and calls `Reports.load`
 * (Completed in every second to sixth run, Cached otherwise, saving 1.5 s), `Reports.total` (Completed) and
 * `Reports.publish` (Failed in every tenth run, Completed otherwise), one second apart. Returns the counts.
 */
export async function writeHistoryFixture(
  storage: ResultStorage,
  { now, flowRuns, spacingMs = HOUR, records = 0 }: HistoryFixtureOptions,
): Promise<HistoryFixture> {
  const byDay = new Map<string, Map<string, Record<TaskRunState, number>>>();
  const savedMs = new Map<string, number>();
  const recordCounts = new Map<string, { count: number; bytes: number }>();
  const starts: { time: number; task: string; state: TaskRunState }[] = [];
  const writes: (() => Promise<void>)[] = [];
  for (let index = 0; index < flowRuns; index++) {
    const startedAt = now - index * spacingMs;
    const taskRuns = FIXTURE_TASKS.map((task, position): TaskRunSummary => {
      const state = stateOf(task, index);
      const time = startedAt + (position + 1) * 1000;
      starts.push({ time, task, state });
      const day = new Date(time).toISOString().slice(0, 10);
      const tasks = byDay.get(day) ?? byDay.set(day, new Map()).get(day)!;
      const counts = tasks.get(task) ?? tasks.set(task, noStates()).get(task)!;
      counts[state]++;
      if (state === 'Cached') savedMs.set(task, (savedMs.get(task) ?? 0) + 1500);
      return {
        taskRunId: `task-${index}-${position}`,
        taskName: task,
        state,
        cacheKey: `${task}/${index}`,
        startedAt: new Date(time).toISOString(),
        endedAt: new Date(time + 20).toISOString(),
        durationMs: 20,
        attempts: 1,
        cacheMiss: state === 'Cached' ? null : 'absent',
        error: state === 'Failed' ? 'the printer is out of paper' : null,
        ...(state === 'Cached' ? { savedMs: 1500 } : {}),
      };
    });
    const run: FlowRunSummary = {
      flowRunId: `flow-${index}`,
      flowName: 'Reports.nightly',
      state: taskRuns.some((taskRun) => taskRun.state === 'Failed') ? 'Failed' : 'Completed',
      parameters: { day: `'${index}'` },
      startedAt: new Date(startedAt).toISOString(),
      endedAt: new Date(startedAt + 4000).toISOString(),
      durationMs: 4000,
      attempts: 1,
      error: null,
      taskRuns,
      subflows: [],
      moreTaskRuns: [],
      moreSubflows: [],
    };
    writes.push(() => storage.put(runHistoryKey(run.flowRunId, new Date(startedAt), 0), encodeRunHistory(run)));
  }
  for (let index = 0; index < records; index++) {
    const task = FIXTURE_TASKS[index % 2];
    const bytes = fixtureRecord(task, index, now - index * spacingMs);
    const counts = recordCounts.get(task) ?? recordCounts.set(task, { count: 0, bytes: 0 }).get(task)!;
    counts.count++;
    counts.bytes += bytes.byteLength;
    writes.push(() => storage.put(`${task}/${index}`, bytes));
  }
  await runAll(writes, 32);
  return {
    byDay,
    savedMs,
    records: recordCounts,
    countSince(since, task) {
      const counts = noStates();
      for (const start of starts)
        if (start.time >= since && (task === undefined || start.task === task)) counts[start.state]++;
      return counts;
    },
  };
}

function stateOf(task: (typeof FIXTURE_TASKS)[number], index: number): TaskRunState {
  // Every second to sixth run computes, changing every 97 runs: the hit ratio moves over time.
  if (task === 'Reports.load') return index % (2 + (Math.floor(index / 97) % 5)) === 0 ? 'Completed' : 'Cached';
  if (task === 'Reports.publish') return index % 10 === 0 ? 'Failed' : 'Completed';
  return 'Completed';
}

function fixtureRecord(task: string, index: number, createdAt: number): Buffer {
  const key = `${task}/${index}`;
  const payload = Buffer.from(JSON.stringify({ index, rows: 'x'.repeat(100 + (index % 7) * 50) }));
  return encodeRecord(
    {
      storageKey: key,
      taskName: task,
      cacheKey: key,
      createdAt: new Date(createdAt).toISOString(),
      expiresAt: null,
      serializer: 'json/v1',
      flowRunId: `flow-${index}`,
      durationMs: 1500,
    },
    payload,
  );
}

function noStates(): Record<TaskRunState, number> {
  return { Completed: 0, Cached: 0, Failed: 0, RolledBack: 0 };
}

async function runAll(tasks: readonly (() => Promise<void>)[], concurrency: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) await tasks[next++]();
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
