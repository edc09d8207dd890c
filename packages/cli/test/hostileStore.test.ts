/**
 * What a writer to a shared store can plant for the CLI's readers: metadata of the wrong types, a task named
 * `__proto__`, a file name that forges a line of the CLI's own, names with invisible characters. Each command
 * still lists the rest, and nothing planted prints a line of its own or passes for another name.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CacheInspector, encodeRecord } from '@flowcache/core/records';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { startUiServer } from '../src/ui/startUiServer';
import { runCli } from './support/runCli';
import { send } from './ui/support/http';
import { makeTemporaryDirectory, removeDirectory } from '../../../test/support/temporaryDirectory';
import { MINIMAL_RUN, nestedRunHistory } from '../../../test/support/runHistoryDocuments';

jest.setTimeout(60_000);

/** A valid record under `key` (its digest matches) whose metadata has `fields` over the writer's. */
function planted(key: string, fields: Record<string, unknown> = {}): Buffer {
  const facts = {
    storageKey: key,
    taskName: 'Prices.quote',
    cacheKey: key,
    createdAt: '2026-11-26T09:00:00.000Z',
    expiresAt: null,
    serializer: 'json',
    flowRunId: null,
    durationMs: 1,
  };
  return encodeRecord({ ...facts, ...fields } as never, Buffer.from('1'));
}

/** A line that starts as the CLI's own notes do, after a newline in a planted name. */
const FORGED = /^flowcache: all fine/m;

describe('a store with planted records and names', () => {
  let directory: string;
  let url: string;

  beforeAll(async () => {
    directory = await makeTemporaryDirectory('cli-hostile');
    url = pathToFileURL(directory).href;
    const storage = new FileSystemStorage({ basePath: directory });
    await storage.put('good/a', planted('good/a'));
    await storage.put('bad/num', planted('bad/num', { taskName: 5 }));
    await storage.put('bad/proto', planted('bad/proto', { taskName: '__proto__' }));
    await storage.put('look/alike', planted('look/alike', { taskName: 'Prices.\u200bquote\u{e0041}' }));
    await mkdir(join(directory, 'team'));
    await writeFile(join(directory, 'team', '\x1b[31mred\nflowcache: all fine'), 'not a record');
  });
  afterAll(() => removeDirectory(directory));

  it('ls lists all records, one of wrong types as unreadable, the planted file name on the notice line', async () => {
    const result = await runCli(['ls', '--storage', url]);
    expect(result.stderr).not.toContain('is not a function');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^bad\/num\b/m);
    expect(result.stdout).toMatch(/^bad\/proto +__proto__/m);
    expect(result.stdout).toMatch(/^good\/a +Prices\.quote/m);
    expect(result.stderr).toContain('team/\\x1b[31mred\\nflowcache: all fine');
    expect(result.stdout + result.stderr).not.toMatch(FORGED);
  });

  it('show of the record of the wrong types says why it is unreadable, naming the field', async () => {
    const result = await runCli(['show', 'bad/num', '--storage', url]);
    expect(result.stderr).not.toContain('is not a function');
    expect(result.stdout + result.stderr).toContain('its metadata field "taskName" is not a string');
  });

  it('stats counts the __proto__ task as a row, and prune and rm name planted files on one line', async () => {
    const stats = await runCli(['stats', '--storage', url]);
    expect(stats.code).toBe(0);
    expect(stats.stdout).toMatch(/^__proto__ +1 /m);
    for (const args of [
      ['prune', '--expired', '--dry-run'],
      ['rm', '--prefix', 'team/'],
    ]) {
      const result = await runCli([...args, '--storage', url]);
      expect(result.code).toBe(0);
      expect(result.stderr).toContain('team/\\x1b[31mred\\nflowcache: all fine');
      expect(result.stdout + result.stderr).not.toMatch(FORGED);
    }
  });

  it('spells out invisible characters, so a planted task name cannot pass for a real one', async () => {
    const result = await runCli(['ls', '--storage', url]);
    expect(result.stdout).toContain('Prices.\\u200bquote\\u{e0041}');
    expect(result.stdout).not.toMatch(/[\u200b\u{e0041}]/u);
  });
});

describe('a run history nested 20 000 subflows deep, and one of the wrong types', () => {
  let directory: string;
  let url: string;
  let storage: FileSystemStorage;
  const DEEP_KEY = '_flowcache/runs/0000000000001-deep.json';

  beforeAll(async () => {
    directory = await makeTemporaryDirectory('cli-deep');
    url = pathToFileURL(directory).href;
    storage = new FileSystemStorage({ basePath: directory });
    await storage.put(DEEP_KEY, nestedRunHistory('deep', 20_000));
    await storage.put(
      '_flowcache/runs/0000000000002-ok.json',
      Buffer.from(JSON.stringify({ ...MINIMAL_RUN, flowRunId: 'ok', subflows: [] })),
    );
    await storage.put(
      '_flowcache/runs/0000000000003-typed.json',
      Buffer.from(JSON.stringify({ ...MINIMAL_RUN, flowRunId: 'typed', parameters: null, subflows: [] })),
    );
  });
  afterAll(() => removeDirectory(directory));

  it('runs lists the other flow runs and says which history it skipped and why; run finds them', async () => {
    const runs = await runCli(['runs', '--storage', url]);
    expect(runs.stderr).not.toContain('Maximum call stack');
    expect(runs.code).toBe(0);
    expect(runs.stdout).toMatch(/^ok +F +Completed/m);
    expect(runs.stderr).toContain(
      `flowcache: skipped the run history ${DEEP_KEY}: its subflows nest more than 100 deep`,
    );
    expect(runs.stderr).toContain('the field "parameters" of a flow run is missing or of the wrong type');
    for (const id of ['deep', 'leaf', 'typed']) {
      const run = await runCli(['run', id, '--storage', url]);
      expect(run.stderr).not.toContain('Maximum call stack');
      expect(run.stderr).toContain(`no flow run "${id}"`);
    }
    expect((await runCli(['run', 'ok', '--storage', url])).code).toBe(0);
  });

  it("the UI's flow runs page answers, naming the skipped history", async () => {
    const server = await startUiServer({
      inspector: new CacheInspector(storage),
      port: 0,
      host: '127.0.0.1',
      allowDelete: false,
    });
    try {
      const answer = await send(server.url);
      expect(answer.status).toBe(200);
      expect(answer.body).toContain(DEEP_KEY);
      expect(answer.body).toContain('its subflows nest more than 100 deep');
    } finally {
      await server.close();
    }
  });
});
