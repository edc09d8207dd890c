import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { IsolationLevel } from '@flowcache/core';
import { freshPrefix } from '../../support/freshPrefix';
import type { S3rverFixture } from '../../../packages/storage-s3/test/support/s3rverFixture';
import { runTypeScript, type ProcessResult } from '../../support/runTypeScript';
import type { Load, LoadLocks, LoadWorkerReport } from './loadWorker';
import { makeTemporaryDirectory, removeDirectory } from '../../support/temporaryDirectory';

const WORKER = join(__dirname, 'loadWorker.ts');
// runTypeScript's default 60 s per process is too tight for 8 processes on 2 cores with s3rver in the parent.
const WORKER_TIMEOUT_MS = 150_000;

/** One load run: every worker's exit and report, the key of every body execution, and the wall time. */
export interface LoadRun {
  readonly exits: ProcessResult[];
  /** One per worker that exited cleanly. */
  readonly reports: LoadWorkerReport[];
  /** Key of every body execution, from the shared log. */
  readonly executedKeys: number[];
  readonly wallMs: number;
}

/** What a load run cost. */
export interface LoadFigures {
  readonly wallMs: number;
  readonly slowestWorkerMs: number;
  readonly requests: number;
  readonly requestsPerCall: number;
  readonly requestsByCommand: Record<string, number>;
  readonly executions: number;
  readonly duplicates: number;
}

/**
 * Runs `load.workers` load worker processes at once against the s3rver of `s3`, under a fresh prefix, each
 * making its share of `load.calls` calls of a task with `isolation` over `load.keys` keys; SERIALIZABLE with the
 * lock manager `locks` (S3LockManager on the same bucket unless given).
 */
export async function runLoad(
  s3: S3rverFixture,
  isolation: IsolationLevel,
  load: Load,
  locks: LoadLocks = { kind: 's3' },
): Promise<LoadRun> {
  const shared = await makeTemporaryDirectory('load');
  try {
    const prefix = freshPrefix(`load-${isolation.toLowerCase()}`);
    const args = (worker: number) => [shared, s3.endpoint, s3.bucket, prefix, isolation, String(worker)];
    const started = performance.now();
    const exits = await Promise.all(
      Array.from({ length: load.workers }, (_, worker) => runWorker(args(worker), load, locks)),
    );
    const wallMs = Math.round(performance.now() - started);
    const reports = exits
      .filter((exit) => exit.code === 0)
      .map((exit) => JSON.parse(exit.stdout.trim().split('\n').pop()!) as LoadWorkerReport);
    const log = await readFile(join(shared, 'executions.log'), 'utf8').catch(() => '');
    const executedKeys = log
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => Number(line.split(' ')[0]));
    return { exits, reports, executedKeys, wallMs };
  } finally {
    await removeDirectory(shared);
  }
}

/** The cost of a run: wall time, requests (per call and by S3 command), executions and duplicates. */
export function loadFigures(run: LoadRun, load: Load): LoadFigures {
  const requestsByCommand: Record<string, number> = {};
  for (const report of run.reports) {
    for (const [command, count] of Object.entries(report.requests)) {
      requestsByCommand[command] = (requestsByCommand[command] ?? 0) + count;
    }
  }
  const requests = Object.values(requestsByCommand).reduce((sum, count) => sum + count, 0);
  return {
    wallMs: run.wallMs,
    slowestWorkerMs: Math.max(...run.reports.map((report) => report.elapsedMs)),
    requests,
    requestsPerCall: requests / load.calls,
    requestsByCommand,
    executions: run.executedKeys.length,
    duplicates: run.executedKeys.length - load.keys,
  };
}

/** Runs one load worker in a new Node process. */
function runWorker(args: string[], load: Load, locks: LoadLocks): Promise<ProcessResult> {
  const env = {
    LOAD_LOCKS: JSON.stringify(locks),
    LOAD_WORKERS: String(load.workers),
    LOAD_CALLS: String(load.calls),
    LOAD_KEYS: String(load.keys),
    // The default lease (30 s) is kept: a hold lasts one body and one write, so only a crash (none here) or a
    // process starved for that long could let a lease expire and a second process run the body.
  };
  return runTypeScript(WORKER, args, env, { timeoutMs: WORKER_TIMEOUT_MS });
}
