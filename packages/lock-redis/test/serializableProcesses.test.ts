import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runTypeScript, type ProcessResult } from '../../../test/support/runTypeScript';
import { describeWithRedis, freshPrefix } from './support/useRedisServer';

const WORKER = join(__dirname, 'fixtures', 'serializableWorker.ts');

describeWithRedis('SERIALIZABLE tasks in several processes sharing a Redis server', (redis) => {
  let shared: string;
  let prefix: string;
  beforeEach(async () => {
    shared = await mkdtemp(join(tmpdir(), 'flowcache-redis-serializable-'));
    prefix = freshPrefix('serializable');
  });
  afterEach(async () => {
    await rm(shared, { recursive: true, force: true });
  });

  const runWorker = (env: NodeJS.ProcessEnv = {}) => runTypeScript(WORKER, [shared, redis.url, prefix], env);
  const executions = async () =>
    (await readFile(join(shared, 'executions.log'), 'utf8').catch(() => '')).split('\n').filter((line) => line !== '');
  const linesStarting = async (word: string) => (await executions()).filter((line) => line.startsWith(word));
  // 0 for a worker that succeeded, else what it printed on stderr, so that a failure shows why.
  const outcome = (result: ProcessResult) => (result.code === 0 ? 0 : `exit ${result.code}: ${result.stderr}`);

  it('run the body once: 4 workers, each with its own client, one computes, all return its value', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => runWorker()));
    expect(results.map(outcome)).toEqual([0, 0, 0, 0]);
    expect(new Set(results.map((result) => result.stdout.trim())).size).toBe(1);
    expect(await linesStarting('started')).toHaveLength(1);
    expect(await linesStarting('completed')).toHaveLength(1);
  }, 60_000);

  it('take over from a holder killed in the middle of the body once its lease expired', async () => {
    const crashed = runWorker({ CRASH: '1' });
    // Start the others once the crashing worker holds the lock (it logs "started" holding it).
    for (let looks = 0; looks < 400 && (await linesStarting('started')).length === 0; looks++) await sleep(25);
    const others = await Promise.all([1, 2, 3].map(() => runWorker()));
    expect((await crashed).code).not.toBe(0);
    expect(others.map(outcome)).toEqual([0, 0, 0]);
    expect(new Set(others.map((result) => result.stdout.trim())).size).toBe(1);
    const started = await linesStarting('started');
    const completed = await linesStarting('completed');
    expect(started).toHaveLength(2);
    expect(completed).toHaveLength(1);
    // The crashed worker started first; the one that completed is another process, whose value all returned.
    const completedPid = completed[0].split(' ')[1];
    expect(started[0]).not.toBe(`started ${completedPid}`);
    expect(others[0].stdout.trim()).toBe(`model(sales) by ${completedPid}`);
  }, 60_000);
});
