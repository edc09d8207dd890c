import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runTypeScript } from '../../../../test/support/runTypeScript';
import { freshPrefix } from '../support/freshPrefix';
import { useS3rver } from '../support/useS3rver';

const WORKER = join(__dirname, 'fixtures', 'serializableWorker.ts');

describe('SERIALIZABLE tasks in several processes sharing an S3 bucket', () => {
  const s3 = useS3rver();
  let shared: string;
  let worker: (env?: NodeJS.ProcessEnv) => ReturnType<typeof runTypeScript>;
  beforeEach(async () => {
    shared = await mkdtemp(join(tmpdir(), 'flowcache-s3-serializable-'));
    const args = [shared, s3.server.endpoint, s3.server.bucket, freshPrefix('serializable')];
    worker = (env = {}) => runTypeScript(WORKER, args, env);
  });
  afterEach(async () => {
    await rm(shared, { recursive: true, force: true });
  });

  const executions = async () => (await readFile(join(shared, 'executions.log'), 'utf8').catch(() => '')).trim().split('\n');

  it('run the body once: 4 workers, one computes, all return its value', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => worker()));
    expect(results.map((result) => result.code)).toEqual([0, 0, 0, 0]);
    expect(new Set(results.map((result) => result.stdout.trim())).size).toBe(1);
    expect(results[0].stdout).toMatch(/^model\(sales\) by \d+\n$/);
    expect((await executions()).filter((line) => line.startsWith('completed'))).toHaveLength(1);
  }, 60_000);

  it('take over from a holder killed in the middle of the body once its lease expires', async () => {
    // A short lease, so the crashed holder's lock expires soon; it is renewed every third of it while a body runs.
    const shortLease = { FLOWCACHE_LOCK_LEASE_MS: '2000' };
    const crashed = worker({ ...shortLease, CRASH: '1' });
    for (let waited = 0; waited < 400 && !(await executions())[0].startsWith('started'); waited++) await sleep(50);
    const others = await Promise.all([1, 2, 3].map(() => worker(shortLease)));
    expect((await crashed).code).not.toBe(0);
    expect(others.map((result) => result.code)).toEqual([0, 0, 0]);
    expect(new Set(others.map((result) => result.stdout.trim())).size).toBe(1);
    const lines = await executions();
    expect(lines.filter((line) => line.startsWith('completed'))).toHaveLength(1);
    expect(lines.filter((line) => line.startsWith('started'))).toHaveLength(2);
  }, 60_000);
});
