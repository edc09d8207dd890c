import { afterEach, beforeEach, expect, it } from '@jest/globals';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { runTypeScript, type ProcessResult } from './runTypeScript';
import { makeTemporaryDirectory, removeDirectory } from './temporaryDirectory';

/**
 * The multi-process SERIALIZABLE tests every cross-process lock manager passes, registered in the caller's
 * `describe`: 4 worker processes (`worker`, a file calling `runSerializableWorker`) run the body once and all
 * return its value; and when the first holder is killed in the middle of the body, another takes over (after the
 * 2 s lease at most), with exactly one completed execution whose value all the others return. `args` gives the
 * worker's arguments after the shared directory, the same for every worker of a test.
 */
export function itRunsSerializableAcrossProcesses(worker: string, args: () => string[] = () => []): void {
  let shared: string;
  let workerArgs: string[];
  beforeEach(async () => {
    shared = await makeTemporaryDirectory('serializable');
    workerArgs = [shared, ...args()];
  });
  afterEach(async () => {
    await removeDirectory(shared);
  });

  const env = { FLOWCACHE_LOCK_LEASE_MS: '2000' };
  const runWorker = (crash = false) => runTypeScript(worker, workerArgs, crash ? { ...env, CRASH: '1' } : env);
  const linesStarting = async (word: string) =>
    (await readFile(join(shared, 'executions.log'), 'utf8').catch(() => ''))
      .split('\n')
      .filter((line) => line.startsWith(word));
  // 0 for a worker that succeeded, else what it printed on stderr, so that a failure shows why.
  const outcome = (result: ProcessResult) => (result.code === 0 ? 0 : `exit ${result.code}: ${result.stderr}`);

  it('run the body once: 4 workers, one computes, all return its value', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => runWorker()));
    expect(results.map(outcome)).toEqual([0, 0, 0, 0]);
    expect(new Set(results.map((result) => result.stdout.trim())).size).toBe(1);
    expect(results[0].stdout).toMatch(/^model\(sales\) by \d+\n$/);
    expect(await linesStarting('started')).toHaveLength(1);
    expect(await linesStarting('completed')).toHaveLength(1);
  }, 60_000);

  it('take over from a holder killed in the middle of the body: exactly one completed execution', async () => {
    const crashed = runWorker(true);
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
}
