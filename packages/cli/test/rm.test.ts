import { Engine } from '@flowcache/core';
import { RUNNING_ENGINES_AFTER_DELETE } from '../src/shared/runningEngines';
import { runCli, runCliJson, runCliOnTerminal } from './support/runCli';
import { Reports } from './support/reports';
import { CORRUPT_KEY, seedStorage, type SeededStorage } from './support/seedStorage';

// Each test runs the CLI as a child process a few times: about half a second each on a busy machine.
jest.setTimeout(60_000);

describe('flowcache rm', () => {
  let seeded: SeededStorage;
  const keys = async () =>
    (await runCliJson<{ records: { key: string }[] }>(['ls', '--storage', seeded.url])).records.map(
      (record) => record.key,
    );
  const sizeOf = async (...keysToSum: string[]) => {
    let bytes = 0;
    for (const key of keysToSum) bytes += (await seeded.storage.stat(key))!.size;
    return bytes;
  };
  const summarizeKeys = async () =>
    (
      await runCliJson<{ records: { key: string }[] }>(['ls', '--task', 'Reports.summarize', '--storage', seeded.url])
    ).records.map((record) => record.key);

  beforeEach(async () => {
    seeded = await seedStorage();
  });
  afterEach(() => seeded.remove());

  it('deletes one record by key; a fresh engine then recomputes that task only', async () => {
    const bytes = await sizeOf('sales/2026-01-02');
    const { code, stdout, stderr } = await runCli(['rm', 'sales/2026-01-02', '--storage', seeded.url]);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toBe(
      `deleted sales/2026-01-02\ndeleted 1 record, ${bytes} B from ${seeded.url}\n${RUNNING_ENGINES_AFTER_DELETE}\n`,
    );
    expect(await keys()).not.toContain('sales/2026-01-02');

    const reports = new Engine({ storage: seeded.storage, logger: { warn: () => undefined } }).attach(new Reports());
    await reports.nightly('2026-01-02');
    // loadSales ran again; summarize got the same sales, so its record (and regions/north) were still hits.
    expect(reports.calls).toEqual({ loadSales: 1, summarize: 0, regionTotal: 0, callModel: 0 });
    expect(await keys()).toContain('sales/2026-01-02');
  });

  it('--task deletes all records of the task, listed with their total size as prune does (--json too)', async () => {
    const summarize = await summarizeKeys();
    expect(summarize).toHaveLength(2);
    const bytes = await sizeOf(...summarize);
    expect(await runCliJson(['rm', '--task', 'Reports.summarize', '--storage', seeded.url])).toEqual({
      storage: seeded.url,
      deleted: summarize,
      bytes,
      foreign: { count: 0, names: [] },
    });
    expect(await summarizeKeys()).toEqual([]);
    expect(await keys()).toHaveLength(4);
  });

  it('--prefix and --expired together delete only what matches both', async () => {
    const bytes = await sizeOf('sales/2026-01-01');
    const { stdout } = await runCli(['rm', '--prefix', 'sales/', '--expired', '--storage', seeded.url]);
    expect(stdout).toBe(
      `deleted sales/2026-01-01\ndeleted 1 record, ${bytes} B from ${seeded.url}\n${RUNNING_ENGINES_AFTER_DELETE}\n`,
    );
    expect(await keys()).toEqual(expect.arrayContaining([CORRUPT_KEY, 'sales/2026-01-02']));
  });

  it('--expired deletes expired and unreadable records', async () => {
    const bytes = await sizeOf(CORRUPT_KEY, 'sales/2026-01-01');
    expect(await runCliJson(['rm', '--expired', '--storage', seeded.url])).toEqual({
      storage: seeded.url,
      deleted: [CORRUPT_KEY, 'sales/2026-01-01'],
      bytes,
      foreign: { count: 0, names: [] },
    });
  });

  it('--all --yes deletes every record and keeps the run history', async () => {
    const { deleted } = await runCliJson<{ deleted: string[] }>(['rm', '--all', '--yes', '--storage', seeded.url]);
    expect(deleted).toHaveLength(6);
    expect(await keys()).toEqual([]);
    expect((await runCliJson<{ flowRuns: unknown[] }>(['runs', '--storage', seeded.url])).flowRuns).toHaveLength(4);
  });

  it('--all without --yes refuses when there is no terminal to ask on (exit 2), and deletes nothing', async () => {
    expect(await runCli(['rm', '--all', '--storage', seeded.url])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'flowcache: --all deletes every record: add --yes to confirm (stdin ' +
        'is not a terminal to ask on)\n(flowcache rm --help shows the usage)\n',
    });
    expect(await keys()).toHaveLength(6);
  });

  it('--all on a terminal asks first: "n" deletes nothing, "y" deletes every record', async () => {
    const declined = await runCliOnTerminal(['rm', '--all', '--storage', seeded.url], 'n\n');
    expect(declined.code).toBe(0);
    expect(declined.output).toContain(`delete every record in ${seeded.url} (the run history is kept)? [y/N]`);
    expect(declined.output).toContain('flowcache: nothing deleted');
    expect(await keys()).toHaveLength(6);

    const confirmed = await runCliOnTerminal(['rm', '--all', '--storage', seeded.url], 'y\n');
    expect(confirmed.code).toBe(0);
    expect(confirmed.output).toMatch(/deleted 6 records, \d+(\.\d)? (B|KiB) from /);
    expect(await keys()).toEqual([]);
  });

  it('refuses to run without a key or criterion, or with both, and deletes nothing (exit 2)', async () => {
    const bare = await runCli(['rm', '--storage', seeded.url]);
    expect(bare).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'flowcache: rm needs a key or a criterion: --task <name>, --prefix ' +
        '<prefix>, --expired, or --all\n(flowcache rm --help shows the usage)\n',
    });
    const both = await runCli(['rm', 'sales/2026-01-01', '--expired', '--storage', seeded.url]);
    expect([both.code, both.stdout]).toEqual([2, '']);
    const allAndMore = await runCli(['rm', '--all', '--task', 'Reports.summarize', '--storage', seeded.url]);
    expect([allAndMore.code, allAndMore.stdout]).toEqual([2, '']);
    expect(await keys()).toHaveLength(6);
  });

  it('exits with 2 for an unknown key, naming the key and the storage', async () => {
    const result = await runCli(['rm', 'sales/1999-01-01', '--storage', seeded.url]);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `flowcache: no record under key "sales/1999-01-01" in ${seeded.url}\n`,
    });
  });

  it('exits with 2 for a run-history object, with the same words as show, and keeps it', async () => {
    const [historyKey] = (await seeded.storage.list('_flowcache/runs/')).objects.map((object) => object.key);
    const result = await runCli(['rm', historyKey, '--storage', seeded.url]);
    expect([result.code, result.stdout]).toEqual([2, '']);
    expect(result.stderr).toBe(
      `flowcache: "${historyKey}" is a flow-run history object, not a cached record: use ` +
        `\`flowcache run <flowRunId>\` to see its flow run (\`flowcache runs\` lists them)\n`,
    );
    await expect(seeded.storage.stat(historyKey)).resolves.toBeDefined();
  });
});
