// Proves that 8 worker processes sharing one S3 store (s3rver, with S3's conditional writes emulated) stay correct
// under load: 2 000 task calls over 200 keys, each key called 10 times, by all 8 workers at about the same moment.
// SERIALIZABLE (S3LockManager on the same bucket): each key's body runs exactly once across all processes and every
// call returns its key's value. READ_COMMITTED (no locks): every call returns its key's value; duplicate executions
// are allowed and only counted. Both print what the load cost: wall time, requests per task call, executions.
// FLOWCACHE_LOAD_CALLS sets a smaller total for a quick local run; with CI=true it is always 2 000.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { IsolationLevel } from '@flowcache/core';
import { freshPrefix } from '../../packages/storage-s3/test/support/freshPrefix';
import { startS3rver, type S3rverFixture } from '../../packages/storage-s3/test/support/s3rverFixture';
import { keyOfCall, valueOfKey, type LoadWorkerReport } from './support/loadWorker';

const WORKERS = 8;
const CALLS = process.env.CI === 'true' ? 2000 : Number(process.env.FLOWCACHE_LOAD_CALLS ?? 2000);
const CALLS_PER_KEY = 10;
const KEYS = CALLS / CALLS_PER_KEY;
if (!Number.isInteger(CALLS / (WORKERS * CALLS_PER_KEY))) {
  throw new Error(`FLOWCACHE_LOAD_CALLS must be a multiple of ${WORKERS * CALLS_PER_KEY}`);
}
const WORKER = join(__dirname, 'support', 'loadWorker.ts');
const REGISTER = join(__dirname, '..', 'support', 'registerTypeScript.js');
// runTypeScript's 60 s per process is too tight for 8 processes on 2 cores with s3rver in this one.
const WORKER_TIMEOUT_MS = 150_000;

interface WorkerExit {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs one load worker in a new Node process, as `runTypeScript` does but with a longer timeout. */
function runWorker(args: string[]): Promise<WorkerExit> {
  const env = {
    ...process.env,
    LOAD_WORKERS: String(WORKERS),
    LOAD_CALLS: String(CALLS),
    LOAD_KEYS: String(KEYS),
    // The default lease (30 s) is kept: a hold lasts one body and one write, so only a crash (none here) or a
    // process starved for that long could let a lease expire and a second process run the body.
  };
  const options = { env, timeout: WORKER_TIMEOUT_MS };
  return new Promise((resolve) => {
    execFile(process.execPath, ['-r', REGISTER, WORKER, ...args], options, (error, stdout, stderr) => {
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : null, stdout, stderr });
    });
  });
}

interface LoadRun {
  readonly reports: LoadWorkerReport[];
  /** Key of every body execution, from the shared log. */
  readonly executedKeys: number[];
  readonly wallMs: number;
}

describe(`${WORKERS} worker processes sharing an S3 store under load (${CALLS} calls, ${KEYS} keys)`, () => {
  let s3: S3rverFixture;
  let shared: string;
  beforeAll(async () => {
    s3 = await startS3rver({ bucket: 'flowcache-load' });
  });
  afterAll(async () => {
    await s3.close();
  });
  beforeEach(async () => {
    shared = await mkdtemp(join(tmpdir(), 'flowcache-load-'));
  });
  afterEach(async () => {
    await rm(shared, { recursive: true, force: true });
  });

  async function runLoad(isolation: IsolationLevel): Promise<LoadRun> {
    const prefix = freshPrefix(`load-${isolation.toLowerCase()}`);
    const started = performance.now();
    const args = (worker: number) => [shared, s3.endpoint, s3.bucket, prefix, isolation, String(worker)];
    const exits = await Promise.all(Array.from({ length: WORKERS }, (_, worker) => runWorker(args(worker))));
    const wallMs = Math.round(performance.now() - started);
    // 0 for a worker that exited cleanly, else why not, so that a failure shows it.
    const outcomes = exits.map((exit) => (exit.code === 0 ? 0 : `exit ${exit.code}: ${exit.stderr}`));
    expect(outcomes).toEqual(Array(WORKERS).fill(0));
    const reports = exits.map((exit) => JSON.parse(exit.stdout.trim().split('\n').pop()!) as LoadWorkerReport);
    const log = await readFile(join(shared, 'executions.log'), 'utf8');
    const lines = log.split('\n').filter((line) => line !== '');
    const executedKeys = lines.map((line) => Number(line.split(' ')[0]));
    return { reports, executedKeys, wallMs };
  }

  function expectEveryCallRight(run: LoadRun): void {
    expect(run.reports.map(({ failures, failureSamples }) => ({ failures, failureSamples }))).toEqual(
      Array(WORKERS).fill({ failures: 0, failureSamples: [] }),
    );
    expect(run.reports.map((report) => report.wrongValues)).toEqual(Array(WORKERS).fill(0));
    expect(run.reports.reduce((sum, report) => sum + report.calls, 0)).toBe(CALLS);
  }

  /** One line per run: what the load cost, for comparing isolation levels and catching regressions by eye. */
  function printSummary(isolation: IsolationLevel, run: LoadRun): void {
    const byCommand: Record<string, number> = {};
    for (const report of run.reports) {
      for (const [command, count] of Object.entries(report.requests)) {
        byCommand[command] = (byCommand[command] ?? 0) + count;
      }
    }
    const requests = Object.values(byCommand).reduce((sum, count) => sum + count, 0);
    const slowestWorkerMs = Math.max(...run.reports.map((report) => report.elapsedMs));
    const workersCpuMs = run.reports.reduce((sum, report) => sum + report.cpuMs, 0);
    console.log(
      `${isolation}: ${WORKERS} workers, ${CALLS} calls, ${KEYS} keys | wall ${run.wallMs} ms ` +
        `(slowest worker's calls ${slowestWorkerMs} ms, workers' CPU ${workersCpuMs} ms) | ` +
        `requests ${requests} = ${(requests / CALLS).toFixed(2)} per call ${JSON.stringify(byCommand)} | ` +
        `executions ${run.executedKeys.length}, duplicates ${run.executedKeys.length - KEYS}`,
    );
  }

  it(`spreads the calls so that every key is called ${CALLS_PER_KEY} times, by all ${WORKERS} workers`, () => {
    const callers = new Map<number, number[]>();
    for (let worker = 0; worker < WORKERS; worker++) {
      for (let call = 0; call < CALLS / WORKERS; call++) {
        const key = keyOfCall(call, worker, { workers: WORKERS, calls: CALLS, keys: KEYS });
        callers.set(key, [...(callers.get(key) ?? []), worker]);
      }
    }
    expect([...callers.keys()].sort((a, b) => a - b)).toEqual(Array.from({ length: KEYS }, (_, key) => key));
    for (const workers of callers.values()) {
      expect(workers).toHaveLength(CALLS_PER_KEY);
      expect(new Set(workers).size).toBe(WORKERS);
    }
    expect(valueOfKey(7)).toBe('value-7');
  });

  it('SERIALIZABLE: each key runs exactly once across all processes, and every call returns its value', async () => {
    const run = await runLoad('SERIALIZABLE');
    printSummary('SERIALIZABLE', run);
    expectEveryCallRight(run);
    // No call ran without its lock (that would be logged as a warning).
    expect(run.reports.flatMap((report) => report.warnings)).toEqual([]);
    expect([...run.executedKeys].sort((a, b) => a - b)).toEqual(Array.from({ length: KEYS }, (_, key) => key));
  }, 180_000);

  it('READ_COMMITTED: every call returns its value; duplicate executions are only counted', async () => {
    const run = await runLoad('READ_COMMITTED');
    printSummary('READ_COMMITTED', run);
    expectEveryCallRight(run);
    expect(new Set(run.executedKeys)).toEqual(new Set(Array.from({ length: KEYS }, (_, key) => key)));
    expect(run.executedKeys.length - KEYS).toBeGreaterThanOrEqual(0);
  }, 180_000);
});
