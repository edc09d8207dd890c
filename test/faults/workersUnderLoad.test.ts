// Proves that 8 worker processes sharing one S3 store (s3rver, with S3's conditional writes emulated) stay correct
// under load: 2 000 task calls over 200 keys, each key called 10 times, by all 8 workers at about the same moment.
// SERIALIZABLE (S3LockManager on the same bucket): each key's body runs exactly once across all processes and every
// call returns its key's value; the same with FileSystemLockManager and RedisLockManager, whose waiters are woken by
// releases. READ_COMMITTED (no locks): every call returns its key's value; duplicate executions are allowed and
// only counted. Both print what the load cost: wall time, requests per task call, executions.
// FLOWCACHE_LOAD_CALLS sets a smaller total for a quick local run; with CI=true it is always 2 000.
// `npm run bench -- workers` measures the same runs.
import { redisServerMissing, startRedisServer } from '../../packages/lock-redis/test/support/redisServer';
import { startS3rver, type S3rverFixture } from '../../packages/storage-s3/test/support/s3rverFixture';
import { describeNeeding } from '../support/describeNeeding';
import { makeTemporaryDirectory, removeDirectory } from '../support/temporaryDirectory';
import { loadFigures, runLoad, type LoadRun } from './support/loadRun';
import { keyOfCall, valueOfKey, type Load, type LoadLocks } from './support/loadWorker';

const CALLS = process.env.CI === 'true' ? 2000 : Number(process.env.FLOWCACHE_LOAD_CALLS ?? 2000);
const CALLS_PER_KEY = 10;
const LOAD: Load = { workers: 8, calls: CALLS, keys: CALLS / CALLS_PER_KEY };
if (!Number.isInteger(CALLS / (LOAD.workers * CALLS_PER_KEY))) {
  throw new Error(`FLOWCACHE_LOAD_CALLS must be a multiple of ${LOAD.workers * CALLS_PER_KEY}`);
}
const everyKey = Array.from({ length: LOAD.keys }, (_, key) => key);

describe(`${LOAD.workers} processes sharing an S3 store under load (${LOAD.calls} calls, ${LOAD.keys} keys)`, () => {
  let s3: S3rverFixture;
  beforeAll(async () => {
    s3 = await startS3rver({ bucket: 'flowcache-load' });
  });
  afterAll(() => s3.close());

  function expectEveryCallRight(run: LoadRun): void {
    // 0 for a worker that exited cleanly, else why not, so that a failure shows it.
    expect(run.exits.map((exit) => (exit.code === 0 ? 0 : `exit ${exit.code}: ${exit.stderr}`))).toEqual(
      Array(LOAD.workers).fill(0),
    );
    expect(run.reports.map(({ failures, failureSamples }) => ({ failures, failureSamples }))).toEqual(
      Array(LOAD.workers).fill({ failures: 0, failureSamples: [] }),
    );
    expect(run.reports.map((report) => report.wrongValues)).toEqual(Array(LOAD.workers).fill(0));
    expect(run.reports.reduce((sum, report) => sum + report.calls, 0)).toBe(LOAD.calls);
  }

  /** One line per run: what the load cost, for comparing isolation levels and catching regressions by eye. */
  function printSummary(isolation: string, run: LoadRun): void {
    const figures = loadFigures(run, LOAD);
    console.log(
      `${isolation}: ${LOAD.workers} workers, ${LOAD.calls} calls, ${LOAD.keys} keys | wall ${figures.wallMs} ms ` +
        `(slowest worker's calls ${figures.slowestWorkerMs} ms) | requests ${figures.requests} = ` +
        `${figures.requestsPerCall.toFixed(2)} per call ${JSON.stringify(figures.requestsByCommand)} | ` +
        `executions ${figures.executions}, duplicates ${figures.duplicates}`,
    );
  }

  it(`spreads the calls so that every key is called ${CALLS_PER_KEY} times, by all ${LOAD.workers} workers`, () => {
    const callers = new Map<number, number[]>();
    for (let worker = 0; worker < LOAD.workers; worker++) {
      for (let call = 0; call < LOAD.calls / LOAD.workers; call++) {
        const key = keyOfCall(call, worker, LOAD);
        callers.set(key, [...(callers.get(key) ?? []), worker]);
      }
    }
    expect([...callers.keys()].sort((a, b) => a - b)).toEqual(everyKey);
    for (const workers of callers.values()) {
      expect(workers).toHaveLength(CALLS_PER_KEY);
      expect(new Set(workers).size).toBe(LOAD.workers);
    }
    expect(valueOfKey(7)).toBe('value-7');
  });

  async function expectEachKeyOnce(name: string, locks: LoadLocks): Promise<void> {
    const run = await runLoad(s3, 'SERIALIZABLE', LOAD, locks);
    printSummary(`SERIALIZABLE with ${name}`, run);
    expectEveryCallRight(run);
    // No call ran without its lock (that would be logged as a warning).
    expect(run.reports.flatMap((report) => report.warnings)).toEqual([]);
    expect([...run.executedKeys].sort((a, b) => a - b)).toEqual(everyKey);
  }

  it(
    'SERIALIZABLE: each key runs exactly once across all processes, and every call returns its value',
    () => expectEachKeyOnce('S3LockManager', { kind: 's3' }),
    180_000,
  );

  it('SERIALIZABLE with FileSystemLockManager (woken by a directory watch): each key runs exactly once', async () => {
    const directory = await makeTemporaryDirectory('load-locks');
    try {
      await expectEachKeyOnce('FileSystemLockManager', { kind: 'files', directory });
    } finally {
      await removeDirectory(directory);
    }
  }, 180_000);

  describeNeeding(redisServerMissing(), 'with a Redis server', () => {
    it('SERIALIZABLE with RedisLockManager (woken by pub/sub): each key runs exactly once', async () => {
      const redis = await startRedisServer();
      try {
        await expectEachKeyOnce('RedisLockManager', { kind: 'redis', url: redis.url });
      } finally {
        await redis.stop();
      }
    }, 180_000);
  });

  it('READ_COMMITTED: every call returns its value; duplicate executions are only counted', async () => {
    const run = await runLoad(s3, 'READ_COMMITTED', LOAD);
    printSummary('READ_COMMITTED', run);
    expectEveryCallRight(run);
    expect(new Set(run.executedKeys)).toEqual(new Set(everyKey));
  }, 180_000);
});
