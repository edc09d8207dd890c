import { runCli, runCliJson } from './support/runCli';
import { parseTable } from './support/parseTable';
import { CORRUPT_KEY, seedStorage, type SeededStorage } from './support/seedStorage';

// Each test runs the CLI as a child process a few times: about half a second each on a busy machine.
jest.setTimeout(60_000);

interface RecordJson {
  key: string;
  task: string | null;
  createdAt: string | null;
  expiresAt: string | null;
  expired: boolean;
  size: number;
  serializer: string | null;
  problem: string | null;
}

describe('flowcache ls', () => {
  let seeded: SeededStorage;
  let records: RecordJson[];
  const byKey = (key: string) => records.find((record) => record.key === key)!;
  const keysOf = async (...args: string[]) =>
    (await runCliJson<{ records: RecordJson[] }>(['ls', '--storage', seeded.url, ...args])).records.map(
      (record) => record.key,
    );

  beforeAll(async () => {
    seeded = await seedStorage();
    records = (await runCliJson<{ records: RecordJson[] }>(['ls', '--storage', seeded.url])).records;
  });
  afterAll(() => seeded.remove());

  it('--json: every record in key order, with its metadata, expiry and size', async () => {
    const keys = records.map((record) => record.key);
    expect(keys).toEqual([...keys].sort());
    expect(keys.filter((key) => /^[0-9a-f]{64}$/.test(key))).toHaveLength(2); // taskInputHash keys
    expect(keys.filter((key) => !/^[0-9a-f]{64}$/.test(key))).toEqual([
      CORRUPT_KEY,
      'regions/north',
      'sales/2026-01-01',
      'sales/2026-01-02',
    ]);
    expect(byKey('sales/2026-01-01')).toMatchObject({
      task: 'Reports.loadSales',
      expired: true,
      serializer: 'json/v1',
      problem: null,
    });
    expect(byKey('sales/2026-01-02')).toMatchObject({ task: 'Reports.loadSales', expired: false });
    expect(byKey('regions/north')).toMatchObject({
      task: 'Reports.regionTotal',
      expired: false,
      serializer: 'gzip+json/v1',
    });
    expect(byKey(CORRUPT_KEY)).toMatchObject({
      task: null,
      expired: true,
      size: 22,
      problem: expect.stringContaining('not a flowcache record'),
    });
    const stored = await seeded.storage.list('');
    for (const record of records) {
      expect(record.size).toBe(stored.objects.find((object) => object.key === record.key)!.size);
    }
  });

  it('prints a table: shortened keys, tasks, creation times, expiry relative to now, sizes, serializers', async () => {
    const { code, stdout, stderr } = await runCli(['ls', '--storage', seeded.url]);
    expect([code, stderr]).toEqual([0, '']);
    const [table, footer] = stdout.split('\n\n');
    expect(table.split('\n')[0]).toMatch(/^KEY +TASK +CREATED +EXPIRES +SIZE +SERIALIZER$/);
    const rows = parseTable(table);
    expect(rows.map((row) => row.key)).toEqual(
      records.map((record) => (record.key.length > 32 ? `${record.key.slice(0, 31)}…` : record.key)),
    );
    const row = (key: string) => rows.find((candidate) => candidate.key === key)!;
    expect(row('sales/2026-01-01')).toEqual({
      key: 'sales/2026-01-01',
      task: 'Reports.loadSales',
      created: byKey('sales/2026-01-01').createdAt!.slice(0, 19).replace('T', ' '), // TZ=UTC
      expires: 'expired 2 days ago',
      size: `${byKey('sales/2026-01-01').size} B`,
      serializer: 'json/v1',
    });
    expect(row('sales/2026-01-02').expires).toBe('in 3 hours');
    // 27 days 18 hours, rounded
    expect(row('regions/north')).toMatchObject({ expires: 'in 28 days', serializer: 'gzip+json/v1' });
    expect(row(CORRUPT_KEY)).toEqual({
      key: CORRUPT_KEY,
      task: '(unreadable)',
      created: '-',
      expires: 'unreadable',
      size: '22 B',
      serializer: '-',
    });
    expect(
      rows.filter((candidate) => candidate.task === 'Reports.summarize').map((candidate) => candidate.expires),
    ).toEqual(['never', 'never']);
    expect(footer.trim()).toBe(`6 records (2 expired) in ${seeded.url}`);
  });

  it('--wide shows long keys whole', async () => {
    const rows = parseTable((await runCli(['ls', '--wide', '--storage', seeded.url])).stdout.split('\n\n')[0]);
    expect(rows.map((row) => row.key)).toEqual(records.map((record) => record.key));
  });

  it('filters by task, key prefix, expiry, and all of them together', async () => {
    expect(await keysOf('--task', 'Reports.loadSales')).toEqual(['sales/2026-01-01', 'sales/2026-01-02']);
    expect(await keysOf('--prefix', 'regions/')).toEqual(['regions/north']);
    expect(await keysOf('--expired')).toEqual([CORRUPT_KEY, 'sales/2026-01-01']);
    expect(await keysOf('--live')).toEqual(records.filter((record) => !record.expired).map((record) => record.key));
    expect(await keysOf('--live')).toHaveLength(4);
    expect(await keysOf('--prefix', 'sales/', '--live')).toEqual(['sales/2026-01-02']);
    expect(await keysOf('--task', 'Reports.nothing')).toEqual([]);
  });

  it('--limit shows the first records, and says on stderr and in the summary that the list is partial', async () => {
    const json = await runCliJson<{ records: RecordJson[]; truncated: boolean }>([
      'ls',
      '--limit',
      '2',
      '--storage',
      seeded.url,
    ]);
    expect(json.records.map((record) => record.key)).toEqual(records.slice(0, 2).map((record) => record.key));
    expect(json.truncated).toBe(true);
    const human = await runCli(['ls', '--limit', '2', '--storage', seeded.url]);
    const [table, footer] = human.stdout.split('\n\n');
    expect(parseTable(table)).toHaveLength(2);
    expect(footer).toBe(`2 records (0 expired) in ${seeded.url}: a partial list, more records match\n`);
    expect(human.stderr).toBe('flowcache: only the first 2 records are shown; raise --limit to see more\n');
    const one = await runCli(['ls', '--limit', '1', '--storage', seeded.url]);
    expect(one.stdout).toMatch(/\n\n1 record \(0 expired\) in .+: a partial list, more records match\n$/);
    expect(one.stderr).toBe('flowcache: only the first 1 record is shown; raise --limit to see more\n');
    expect((await runCliJson<{ truncated: boolean }>(['ls', '--limit', '6', '--storage', seeded.url])).truncated).toBe(
      false,
    );
    expect((await runCli(['ls', '--limit', '6', '--storage', seeded.url])).stdout).toMatch(
      /\n\n6 records \(2 expired\) in \S+\n$/,
    );
  });

  it('--task with a bare method name that matches nothing points at the Class.method names that fit', async () => {
    const bare = await runCli(['ls', '--task', 'loadSales', '--storage', seeded.url]);
    expect(bare).toEqual({
      code: 0,
      stdout: `no records match in ${seeded.url}\n`,
      stderr: 'flowcache: no task is named "loadSales": tasks are named Class.method, try --task Reports.loadSales\n',
    });
    const json = await runCli(['ls', '--task', 'loadSales', '--json', '--storage', seeded.url]);
    expect(JSON.parse(json.stdout)).toMatchObject({ records: [] });
    expect(json.stderr).toContain('--task Reports.loadSales');
    // No hint where no task name fits.
    expect((await runCli(['ls', '--task', 'nothing', '--storage', seeded.url])).stderr).toBe('');
  });

  it('--task with a bare method name points at the Class.method names when sorting too', async () => {
    const sorted = await runCli(['ls', '--task', 'loadSales', '--sort', 'size', '--storage', seeded.url]);
    expect(sorted).toEqual({
      code: 0,
      stdout: `no records match in ${seeded.url}\n`,
      stderr: 'flowcache: no task is named "loadSales": tasks are named Class.method, try --task Reports.loadSales\n',
    });
  });

  it('says so when nothing matches', async () => {
    const { code, stdout } = await runCli(['ls', '--prefix', 'nothing/', '--storage', seeded.url]);
    expect([code, stdout]).toEqual([0, `no records match in ${seeded.url}\n`]);
  });
});
