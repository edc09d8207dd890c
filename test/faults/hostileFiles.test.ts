// Entries that are no regular file, planted where a record should be: a FIFO would block the open until a
// writer appears (for a synchronous open, the whole process, forever). Each read runs in a child process, so a
// regression shows as a child that never answers rather than as a frozen test run.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { runTypeScript } from '../support/runTypeScript';
import { makeTemporaryDirectory, removeDirectory } from '../support/temporaryDirectory';

const FIXTURES = path.join(__dirname, 'fixtures');
const GUARD = { timeoutMs: 30_000 };

async function runFixture(name: string, args: string[]): Promise<Record<string, unknown>> {
  const result = await runTypeScript(path.join(FIXTURES, name), args, {}, GUARD);
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  return JSON.parse(result.stdout);
}

describe('a FIFO planted under a key', () => {
  let basePath: string;
  beforeEach(async () => {
    basePath = await makeTemporaryDirectory('fifo');
  });
  afterEach(() => removeDirectory(basePath));

  it('is a miss with a warning for the engine, which runs the body and stores a sound record over it', async () => {
    expect(await runFixture('totalOnFileStorage.ts', [basePath])).toEqual({ value: 6, bodyRuns: 1, warnings: [] });
    const storage = new FileSystemStorage({ basePath });
    const [{ key }] = (await storage.list('')).objects;
    const file = path.join(basePath, `${key}.fcr`);
    await fs.rm(file);
    execFileSync('mkfifo', [file]);

    const planted = await runFixture('totalOnFileStorage.ts', [basePath]);
    expect(planted).toEqual({
      value: 6,
      bodyRuns: 1,
      warnings: [
        expect.stringMatching(
          /^Totals\.total runs without its stored result: get ".*" in file:.* failed: .* is a FIFO, not a regular file/,
        ),
      ],
    });
    expect((await fs.lstat(file)).isFile()).toBe(true);
    expect(await runFixture('totalOnFileStorage.ts', [basePath])).toEqual({ value: 6, bodyRuns: 0, warnings: [] });
  }, 60_000);

  it('makes get, getRange and stat refuse it at once, and listings name it as foreign', async () => {
    await fs.mkdir(path.join(basePath, 'reports'));
    execFileSync('mkfifo', [path.join(basePath, 'reports', 'today.fcr')]);
    const refused = (operation: string) => ({
      error: expect.stringMatching(
        new RegExp(`^StorageError: ${operation} "reports/today" in .* is a FIFO, not a regular file`),
      ),
    });
    expect(await runFixture('readEveryWay.ts', [basePath, 'reports/today'])).toEqual({
      get: refused('get'),
      getRange: refused('getRange'),
      stat: refused('stat'),
      list: { value: { objects: [], foreign: ['reports/today.fcr'] } }, // cursor undefined: the last page
    });
  }, 60_000);
});
