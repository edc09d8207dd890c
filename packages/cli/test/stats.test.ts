import { runCli, runCliJson } from './support/runCli';
import { parseFields, parseTable } from './support/parseTable';
import { CORRUPT_KEY, seedStorage, type SeededStorage } from './support/seedStorage';
import { formatBytes } from '../src/shared/formatValues';

// Each test runs the CLI as a child process a few times: about half a second each on a busy machine.
jest.setTimeout(60_000);

describe('flowcache stats', () => {
  let seeded: SeededStorage;
  let sizes: Map<string, number>;
  const total = (...keys: string[]) => keys.reduce((sum, key) => sum + sizes.get(key)!, 0);
  let summarizeKeys: string[];

  beforeAll(async () => {
    seeded = await seedStorage();
    const { objects } = await seeded.storage.list('');
    sizes = new Map(
      objects.filter((object) => !object.key.startsWith('_flowcache/')).map((object) => [object.key, object.size]),
    );
    summarizeKeys = [...sizes.keys()].filter((key) => /^[0-9a-f]{64}$/.test(key));
  });
  afterAll(() => seeded.remove());

  it('--json: exact counts and bytes, in all and per task, and the flow runs kept', async () => {
    expect(sizes.size).toBe(6);
    expect(await runCliJson(['stats', '--storage', seeded.url])).toEqual({
      storage: seeded.url,
      count: 6,
      bytes: total(...sizes.keys()),
      expired: 2,
      expiredBytes: total(CORRUPT_KEY, 'sales/2026-01-01'),
      unreadable: 1,
      flowRuns: 4,
      foreign: { count: 0, names: [] },
      tasks: {
        '(unreadable)': { count: 1, bytes: total(CORRUPT_KEY), expired: 1 },
        'Reports.loadSales': { count: 2, bytes: total('sales/2026-01-01', 'sales/2026-01-02'), expired: 1 },
        'Reports.regionTotal': { count: 1, bytes: total('regions/north'), expired: 0 },
        'Reports.summarize': { count: 2, bytes: total(...summarizeKeys), expired: 0 },
      },
    });
  });

  it('prints the totals, then a table per task', async () => {
    const { code, stdout, stderr } = await runCli(['stats', '--storage', seeded.url]);
    expect([code, stderr]).toEqual([0, '']);
    const [totals, tasks] = stdout.split('\n\n');
    expect(parseFields(totals)).toEqual({
      storage: seeded.url,
      records: `6 (${formatBytes(total(...sizes.keys()))})`,
      expired: `2 (${formatBytes(total(CORRUPT_KEY, 'sales/2026-01-01'))}), of which 1 unreadable`,
      'flow runs': '4',
    });
    expect(parseTable(tasks)).toEqual([
      { task: '(unreadable)', records: '1', size: '22 B', expired: '1' },
      {
        task: 'Reports.loadSales',
        records: '2',
        size: formatBytes(total('sales/2026-01-01', 'sales/2026-01-02')),
        expired: '1',
      },
      { task: 'Reports.regionTotal', records: '1', size: formatBytes(total('regions/north')), expired: '0' },
      { task: 'Reports.summarize', records: '2', size: formatBytes(total(...summarizeKeys)), expired: '0' },
    ]);
  });
});
