import { startS3rver } from '../../packages/storage-s3/test/support/s3rverFixture';
import { loadFigures, runLoad, type LoadFigures } from '../../test/faults/support/loadRun';
import type { Load } from '../../test/faults/support/loadWorker';

const LOAD: Load = { workers: 8, calls: 2000, keys: 200 };

/**
 * 8 worker processes sharing one S3 store (s3rver in this process) make 2 000 calls of a task over 200 keys, 16
 * at a time each, under SERIALIZABLE (S3LockManager) and under READ_COMMITTED: wall time, S3 requests per call
 * and duplicate executions of the body. The same runs as test/faults/workersUnderLoad.test.ts.
 */
export async function benchWorkers(): Promise<void> {
  console.log(`\nWorkers sharing one S3 store: ${LOAD.workers} processes, ${LOAD.calls} calls, ${LOAD.keys} keys`);
  const s3 = await startS3rver({ bucket: 'flowcache-bench-workers' });
  try {
    console.log('  isolation        wall      requests/call  executions  duplicates  failed workers');
    const measured: Record<string, LoadFigures> = {};
    for (const isolation of ['SERIALIZABLE', 'READ_COMMITTED'] as const) {
      const run = await runLoad(s3, isolation, LOAD);
      const figures = loadFigures(run, LOAD);
      measured[isolation] = figures;
      const failed = run.exits.filter((exit) => exit.code !== 0).length;
      console.log(
        `  ${isolation.padEnd(15)}  ${`${(figures.wallMs / 1000).toFixed(1)} s`.padStart(7)}  ` +
          `${figures.requestsPerCall.toFixed(2).padStart(13)}  ${String(figures.executions).padStart(10)}  ` +
          `${String(figures.duplicates).padStart(10)}  ${String(failed).padStart(14)}`,
      );
    }
    const { SERIALIZABLE: locked, READ_COMMITTED: unlocked } = measured;
    console.log(
      `  SERIALIZABLE / READ_COMMITTED: wall ${(locked.wallMs / unlocked.wallMs).toFixed(2)}×, requests ` +
        `${(locked.requests / unlocked.requests).toFixed(2)}×, for ${unlocked.duplicates - locked.duplicates} ` +
        'fewer duplicate executions',
    );
  } finally {
    await s3.close();
  }
}
