import 'reflect-metadata';
import { pathToFileURL } from 'node:url';
import { Engine, Flow, Task, taskInputHash } from '@flowcache/core';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { runCli, runCliJson } from './support/runCli';
import { parseFields, parseTable } from './support/parseTable';
import { CORRUPT_KEY, seedStorage, type SeededStorage } from './support/seedStorage';
import { formatBytes, formatTime } from '../src/shared/formatValues';
import { makeTemporaryDirectory, removeDirectory } from '../../../test/support/temporaryDirectory';

/** One flow run that calls its task twice with the same argument: one call, then one hit. */
class OneHit {
  @Task({ cacheKeyFn: taskInputHash })
  async square(side: number): Promise<number> {
    return side * side;
  }

  @Flow()
  async twice(): Promise<number[]> {
    return [await this.square(2), await this.square(2)];
  }
}

// Each test runs the CLI as a child process a few times: about half a second each on a busy machine.
jest.setTimeout(60_000);

const runsOf = (calls: number, hits: number) => ({
  calls,
  hits,
  hitRatio: hits / calls,
  computeMs: expect.any(Number),
  savedMs: expect.any(Number),
});
const DURATION = /^\d+(\.\d)? (ms|s)$/;
const duration = expect.stringMatching(DURATION);

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
      period: { since: null, until: null },
      runs: {
        calls: 10,
        hits: 4,
        hitRatio: 0.4,
        computeMs: expect.any(Number),
        savedMs: expect.any(Number),
        flowRuns: 4,
        unreadable: 0,
        tasks: {
          'Reports.callModel': runsOf(1, 0),
          'Reports.loadSales': runsOf(3, 1),
          'Reports.regionTotal': runsOf(3, 2),
          'Reports.summarize': runsOf(3, 1),
        },
      },
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
      period: 'all the run history kept',
      'task runs': '10 in 4 flow runs, 4 hits (40.0 %)',
      compute: expect.stringMatching(/^\d+(\.\d)? (ms|s) spent, \d+(\.\d)? (ms|s) saved by hits$/),
    });
    const runs = (calls: string, hitRatio: string) => ({
      calls,
      'hit ratio': hitRatio,
      compute: duration,
      saved: duration,
    });
    expect(parseTable(tasks)).toEqual([
      {
        task: '(unreadable)',
        records: '1',
        size: '22 B',
        expired: '1',
        calls: '0',
        'hit ratio': '-',
        compute: '0 ms',
        saved: '0 ms',
      },
      { task: 'Reports.callModel', records: '0', size: '0 B', expired: '0', ...runs('1', '0 %') },
      {
        task: 'Reports.loadSales',
        records: '2',
        size: formatBytes(total('sales/2026-01-01', 'sales/2026-01-02')),
        expired: '1',
        ...runs('3', '33.3 %'),
      },
      {
        task: 'Reports.regionTotal',
        records: '1',
        size: formatBytes(total('regions/north')),
        expired: '0',
        ...runs('3', '66.7 %'),
      },
      {
        task: 'Reports.summarize',
        records: '2',
        size: formatBytes(total(...summarizeKeys)),
        expired: '0',
        ...runs('3', '33.3 %'),
      },
    ]);
  });

  it('--since and --until count the task runs of the flow runs started in that period', async () => {
    const future = await runCliJson(['stats', '--storage', seeded.url, '--since', '2999-01-01']);
    expect(future.period).toEqual({ since: new Date(2999, 0, 1).toISOString(), until: null });
    expect(future.runs).toMatchObject({ calls: 0, hits: 0, hitRatio: null, flowRuns: 0, tasks: {} });
    expect(future.flowRuns).toBe(4);
    const lastWeek = await runCliJson(['stats', '--storage', seeded.url, '--since', '7d', '--until', 'PT0S']);
    expect(lastWeek.runs).toMatchObject({ calls: 10, hits: 4, flowRuns: 4 });
    const { stdout } = await runCli(['stats', '--storage', seeded.url, '--until', '2000-01-01T00:00Z']);
    expect(parseFields(stdout.split('\n\n')[0])).toMatchObject({
      period: `flow runs started from the oldest flow run kept to ${formatTime('2000-01-01T00:00:00.000Z')}`,
      'task runs': '0 in 0 flow runs, no hits',
    });
  });

  it('says "1 flow run" and "1 hit" in the singular', async () => {
    const single = await makeTemporaryDirectory('cli-stats-single');
    try {
      const engine = new Engine({ storage: new FileSystemStorage({ basePath: single }) });
      const once = engine.attach(new OneHit());
      expect(await once.twice()).toEqual([4, 4]);
      const { stdout } = await runCli(['stats', '--storage', pathToFileURL(single).href]);
      expect(parseFields(stdout.split('\n\n')[0])).toMatchObject({
        'flow runs': '1',
        'task runs': '2 in 1 flow run, 1 hit (50.0 %)',
      });
    } finally {
      await removeDirectory(single);
    }
  });

  it('refuses a --since that is not before --until, which would count nothing', async () => {
    const { code, stdout, stderr } = await runCli(['stats', '--storage', seeded.url, '--since', '1d', '--until', '7d']);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toMatch(/^flowcache: --since \(\S+ \S+\) is not before --until \(\S+ \S+\): no flow run started in/);
    expect(stderr).toContain('(with "how long ago" forms, --since takes the longer one: --since 7d --until 1d)');
    expect(stderr).toContain('(flowcache stats --help shows the usage)');
  });

  it('refuses a --since that is neither a time nor how long ago, saying which forms it takes', async () => {
    const { code, stdout, stderr } = await runCli(['stats', '--storage', seeded.url, '--since', 'last tuesday']);
    expect([code, stdout]).toEqual([2, '']);
    expect(stderr).toContain("option '--since <time>' argument 'last tuesday' is invalid");
    expect(stderr).toContain('expected a time (2026-12-01, 2026-12-01T08:00) or how long ago (30m, 24h, 7d, 2w');
  });
});
