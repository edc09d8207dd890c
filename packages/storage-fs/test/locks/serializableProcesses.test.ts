import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runTypeScript } from '../../../../test/support/runTypeScript';

const WORKER = join(__dirname, 'fixtures', 'serializableWorker.ts');

describe('SERIALIZABLE tasks in several processes sharing files', () => {
  let shared: string;
  beforeEach(async () => {
    shared = await mkdtemp(join(tmpdir(), 'flowcache-serializable-'));
  });
  afterEach(async () => {
    await rm(shared, { recursive: true, force: true });
  });

  const executions = async () => (await readFile(join(shared, 'executions.log'), 'utf8').catch(() => '')).trim().split('\n');

  it('run the body once: 4 workers, one computes, all return its value', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => runTypeScript(WORKER, [shared])));
    expect(results.map((result) => result.code)).toEqual([0, 0, 0, 0]);
    const values = new Set(results.map((result) => result.stdout.trim()));
    expect(values.size).toBe(1);
    expect((await executions()).filter((line) => line.startsWith('completed'))).toHaveLength(1);
  }, 60_000);

  it('take over from a holder killed in the middle of the body: exactly one completed execution', async () => {
    const crashed = runTypeScript(WORKER, [shared], { CRASH: '1' });
    for (let waited = 0; waited < 200 && !(await executions())[0].startsWith('started'); waited++) await sleep(50);
    const others = await Promise.all([1, 2, 3].map(() => runTypeScript(WORKER, [shared])));
    expect((await crashed).code).not.toBe(0);
    expect(others.map((result) => result.code)).toEqual([0, 0, 0]);
    expect(new Set(others.map((result) => result.stdout.trim())).size).toBe(1);
    const lines = await executions();
    expect(lines.filter((line) => line.startsWith('completed'))).toHaveLength(1);
    expect(lines.filter((line) => line.startsWith('started'))).toHaveLength(2);
  }, 60_000);
});
