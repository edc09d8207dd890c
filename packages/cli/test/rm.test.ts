import { Engine } from '@flowcache/core';
import { runCli, runCliJson } from './support/runCli';
import { Reports } from './support/reports';
import { CORRUPT_KEY, seedStorage, type SeededStorage } from './support/seedStorage';

// Each test runs the CLI as a child process a few times: about half a second each on a busy machine.
jest.setTimeout(60_000);

describe('flowcache rm', () => {
  let seeded: SeededStorage;
  const keys = async () => (await runCliJson<{ records: { key: string }[] }>(['ls', '--storage', seeded.url])).records.map((record) => record.key);
  const summarizeKeys = async () =>
    (await runCliJson<{ records: { key: string }[] }>(['ls', '--task', 'Reports.summarize', '--storage', seeded.url])).records.map((record) => record.key);

  beforeEach(async () => {
    seeded = await seedStorage();
  });
  afterEach(() => seeded.remove());

  it('deletes one record by key; a fresh engine then recomputes that task only', async () => {
    const { code, stdout, stderr } = await runCli(['rm', 'sales/2026-01-02', '--storage', seeded.url]);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toBe(`deleted sales/2026-01-02\n1 record deleted from ${seeded.url}\n`);
    expect(await keys()).not.toContain('sales/2026-01-02');

    const reports = new Engine({ storage: seeded.storage, logger: { warn: () => undefined } }).attach(new Reports());
    await reports.nightly('2026-01-02');
    // loadSales ran again; summarize got the same sales, so its record (and regions/north) were still hits.
    expect(reports.calls).toEqual({ loadSales: 1, summarize: 0, regionTotal: 0, callModel: 0 });
    expect(await keys()).toContain('sales/2026-01-02');
  });

  it('--task deletes every record of the task and lists them (--json too)', async () => {
    const summarize = await summarizeKeys();
    expect(summarize).toHaveLength(2);
    expect(await runCliJson(['rm', '--task', 'Reports.summarize', '--storage', seeded.url])).toEqual({ storage: seeded.url, deleted: summarize });
    expect(await summarizeKeys()).toEqual([]);
    expect(await keys()).toHaveLength(4);
  });

  it('--prefix and --expired together delete only what matches both', async () => {
    const { stdout } = await runCli(['rm', '--prefix', 'sales/', '--expired', '--storage', seeded.url]);
    expect(stdout).toBe(`deleted sales/2026-01-01\n1 record deleted from ${seeded.url}\n`);
    expect(await keys()).toEqual(expect.arrayContaining([CORRUPT_KEY, 'sales/2026-01-02']));
  });

  it('--expired deletes expired and unreadable records', async () => {
    expect(await runCliJson(['rm', '--expired', '--storage', seeded.url])).toEqual({ storage: seeded.url, deleted: [CORRUPT_KEY, 'sales/2026-01-01'] });
  });

  it('--all deletes every record and keeps the run history', async () => {
    const { deleted } = await runCliJson<{ deleted: string[] }>(['rm', '--all', '--storage', seeded.url]);
    expect(deleted).toHaveLength(6);
    expect(await keys()).toEqual([]);
    expect((await runCliJson<{ flowRuns: unknown[] }>(['runs', '--storage', seeded.url])).flowRuns).toHaveLength(4);
  });

  it('refuses to run without a key or criterion, or with both, and deletes nothing (exit 2)', async () => {
    const bare = await runCli(['rm', '--storage', seeded.url]);
    expect(bare).toEqual({ code: 2, stdout: '', stderr: 'flowcache: rm needs a key or a criterion: --task <name>, --prefix <prefix>, --expired, or --all\n' });
    const both = await runCli(['rm', 'sales/2026-01-01', '--expired', '--storage', seeded.url]);
    expect([both.code, both.stdout]).toEqual([2, '']);
    const allAndMore = await runCli(['rm', '--all', '--task', 'Reports.summarize', '--storage', seeded.url]);
    expect([allAndMore.code, allAndMore.stdout]).toEqual([2, '']);
    expect(await keys()).toHaveLength(6);
  });

  it('exits with 2 for an unknown key, naming the key and the storage', async () => {
    const result = await runCli(['rm', 'sales/1999-01-01', '--storage', seeded.url]);
    expect(result).toEqual({ code: 2, stdout: '', stderr: `flowcache: no record under key "sales/1999-01-01" in ${seeded.url}\n` });
  });
});
