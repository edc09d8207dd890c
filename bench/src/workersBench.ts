import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { redisServerMissing, startRedisServer } from '../../packages/lock-redis/test/support/redisServer';
import { startS3rver } from '../../packages/storage-s3/test/support/s3rverFixture';
import { loadFigures, runLoad, type LoadFigures, type LoadRun } from '../../test/faults/support/loadRun';
import type { Load, LoadLocks } from '../../test/faults/support/loadWorker';

const LOAD: Load = { workers: 8, calls: 2000, keys: 200 };

// Issue 19's goals for SERIALIZABLE, whichever lock manager: S3 requests per call, and wall time as a multiple of
// READ_COMMITTED's in the same bench run.
const MAX_REQUESTS_PER_CALL = 2.0;
const MAX_WALL_RATIO = 1.5;

/** One measured run: its name, what it cost, and how many workers failed. */
interface Measured {
  readonly name: string;
  readonly figures: LoadFigures;
  readonly failed: number;
}

/**
 * 8 worker processes sharing one S3 store (s3rver in this process) make 2 000 calls of a task over 200 keys, 16
 * at a time each: under READ_COMMITTED (no locks), then under SERIALIZABLE with each lock manager it can run
 * (S3LockManager on the same bucket, RedisLockManager on a redis-server it starts, FileSystemLockManager on a
 * directory all the workers share). For each: wall time, S3 requests per call (by command), executions of the
 * body and duplicates, and for SERIALIZABLE the goals of issue 19 with met or short. The runs of
 * test/faults/workersUnderLoad.test.ts.
 */
export async function benchWorkers(): Promise<void> {
  console.log(`\nWorkers sharing one S3 store: ${LOAD.workers} processes, ${LOAD.calls} calls, ${LOAD.keys} keys`);
  const s3 = await startS3rver({ bucket: 'flowcache-bench-workers' });
  const redisMissing = redisServerMissing();
  if (redisMissing !== undefined) console.log(`  RedisLockManager left out: ${redisMissing}`);
  const redis = redisMissing === undefined ? await startRedisServer() : undefined;
  const lockDirectory = await mkdtemp(path.join(tmpdir(), 'flowcache-bench-workers-'));
  try {
    const measure = async (name: string, run: Promise<LoadRun>): Promise<Measured> => {
      const done = await run;
      const measured = {
        name,
        figures: loadFigures(done, LOAD),
        failed: done.exits.filter((exit) => exit.code !== 0).length,
      };
      printRow(measured);
      return measured;
    };
    console.log(
      `  ${'run'.padEnd(NAME_WIDTH)}${'wall'.padStart(7)}  requests/call  executions  duplicates  failed workers`,
    );
    const unlocked = await measure('READ_COMMITTED', runLoad(s3, 'READ_COMMITTED', LOAD));
    const managers: [string, LoadLocks][] = [
      ['S3LockManager', { kind: 's3' }],
      ...(redis === undefined ? [] : [['RedisLockManager', { kind: 'redis', url: redis.url }] as [string, LoadLocks]]),
      ['FileSystemLockManager', { kind: 'files', directory: lockDirectory }],
    ];
    const locked: Measured[] = [];
    for (const [name, locks] of managers) {
      locked.push(await measure(`SERIALIZABLE ${name}`, runLoad(s3, 'SERIALIZABLE', LOAD, locks)));
    }
    console.log('  S3 requests by command:');
    for (const { name, figures } of [unlocked, ...locked]) {
      console.log(`    ${name.padEnd(NAME_WIDTH)} ${JSON.stringify(figures.requestsByCommand)}`);
    }
    for (const measured of locked) printGoals(measured, unlocked);
  } finally {
    await redis?.stop();
    await s3.close();
    await rm(lockDirectory, { recursive: true, force: true });
  }
}

// The longest run name, `SERIALIZABLE FileSystemLockManager`, and a space.
const NAME_WIDTH = 35;

function printRow({ name, figures, failed }: Measured): void {
  console.log(
    `  ${name.padEnd(NAME_WIDTH)}${`${(figures.wallMs / 1000).toFixed(1)} s`.padStart(7)}  ` +
      `${figures.requestsPerCall.toFixed(2).padStart(13)}  ${String(figures.executions).padStart(10)}  ` +
      `${String(figures.duplicates).padStart(10)}  ${String(failed).padStart(14)}`,
  );
}

// The goal lines of one SERIALIZABLE run, against the READ_COMMITTED run of the same bench.
function printGoals({ name, figures, failed }: Measured, unlocked: Measured): void {
  const ratio = figures.wallMs / unlocked.figures.wallMs;
  const verdict = (ok: boolean) => (ok ? 'met' : 'short');
  console.log(
    `goal: ${name}: S3 requests per call ≤ ${MAX_REQUESTS_PER_CALL.toFixed(1)}: measured ` +
      `${figures.requestsPerCall.toFixed(2)} → ${verdict(figures.requestsPerCall <= MAX_REQUESTS_PER_CALL)}`,
  );
  console.log(
    `goal: ${name}: wall time ≤ ${MAX_WALL_RATIO} × READ_COMMITTED: measured ${ratio.toFixed(2)} × ` +
      `(${(figures.wallMs / 1000).toFixed(1)} s / ${(unlocked.figures.wallMs / 1000).toFixed(1)} s) → ` +
      verdict(ratio <= MAX_WALL_RATIO),
  );
  console.log(
    `goal: ${name}: duplicate executions = 0, every worker done: measured ${figures.duplicates} duplicates, ` +
      `${failed} failed workers → ${verdict(figures.duplicates === 0 && failed === 0)}`,
  );
}
