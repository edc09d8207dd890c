import type { FlowRunSummary } from '@flowcache/core/records';
import { runCli, runCliJson } from './support/runCli';
import { parseTable } from './support/parseTable';
import { DAY, seedStorage, type SeededStorage } from './support/seedStorage';
import { plantFlowRuns } from './ui/support/plantedFlowRuns';

// Each test runs the CLI as a child process a few times: about half a second each on a busy machine.
jest.setTimeout(60_000);

// Beyond the 200 documents one page of the inspector reads: the CLI must go on past short pages.
const OTHER_RUNS = 230;

describe('flowcache runs with filters', () => {
  let seeded: SeededStorage;
  const runs = async (...filter: string[]): Promise<FlowRunSummary[]> =>
    (await runCliJson<{ flowRuns: FlowRunSummary[] }>(['runs', '--storage', seeded.url, '--limit', '500', ...filter]))
      .flowRuns;
  const described = async (...filter: string[]) =>
    (await runs(...filter)).map((run) => `${run.flowName} ${run.state} ${JSON.stringify(run.parameters)}`);

  beforeAll(async () => {
    // Four runs started just now (three of Reports.nightly, a failed Reports.forecast), then, planted further back:
    // many runs of another flow 2 days ago, a failed forecast 3 days ago and a nightly run 10 days ago.
    seeded = await seedStorage();
    const now = Date.now();
    await plantFlowRuns(seeded.storage, [
      ...Array.from({ length: OTHER_RUNS }, (_, index) => ({
        flowRunId: `other-${index}`,
        flowName: 'Other.flow',
        startedAt: new Date(now - 2 * DAY - index * 1000),
      })),
      { flowRunId: 'old-forecast', flowName: 'Reports.forecast', state: 'Failed', startedAt: new Date(now - 3 * DAY) },
      {
        flowRunId: 'old-nightly',
        flowName: 'Reports.nightly',
        parameters: { day: "'2025-11-28'" },
        startedAt: new Date(now - 10 * DAY),
      },
    ]);
  });
  afterAll(() => seeded.remove());

  it('--flow: the runs of that flow only, newest first, found past pages that held none', async () => {
    expect(await described('--flow', 'Reports.nightly')).toEqual([
      `Reports.nightly Completed {"day":"'2026-01-02'"}`,
      `Reports.nightly Completed {"day":"'2026-01-02'"}`,
      `Reports.nightly Completed {"day":"'2026-01-01'"}`,
      `Reports.nightly Completed {"day":"'2025-11-28'"}`,
    ]);
    expect(await runs('--flow', 'Reports')).toEqual([]);
  });

  it('--state: the runs that ended so (either case)', async () => {
    expect((await runs('--state', 'failed')).map((run) => run.flowRunId).slice(1)).toEqual(['old-forecast']);
    expect(await described('--state', 'Failed')).toEqual([
      'Reports.forecast Failed {"day":"\'2026-01-02\'"}',
      'Reports.forecast Failed {}',
    ]);
  });

  it('--since and --until: the runs started in the period', async () => {
    expect(await runs('--since', '1h')).toHaveLength(4);
    expect((await runs('--until', '1d')).map((run) => run.flowRunId).slice(-2)).toEqual([
      'old-forecast',
      'old-nightly',
    ]);
    expect((await runs('--since', '20d', '--until', 'P2DT12H')).map((run) => run.flowRunId)).toEqual([
      'old-forecast',
      'old-nightly',
    ]);
    expect((await runs('--since', '20d', '--until', '5d')).map((run) => run.flowRunId)).toEqual(['old-nightly']);
  });

  it('--param: a string parameter by its text or as shown, repeatable and combined with the rest', async () => {
    expect(await runs('--param', 'day=2026-01-02')).toHaveLength(3);
    expect(await runs('--param', "day='2026-01-01'")).toHaveLength(1);
    expect(await runs('--param', 'day=2026-01')).toEqual([]);
    expect(
      await described(
        '--flow',
        'Reports.nightly',
        '--state',
        'Completed',
        '--until',
        '1d',
        '--param',
        'day=2025-11-28',
      ),
    ).toEqual([`Reports.nightly Completed {"day":"'2025-11-28'"}`]);
    expect(await runs('--param', 'day=2026-01-02', '--param', 'region=north')).toEqual([]);
  });

  it('says so when no run matches, and when --limit leaves matching runs out', async () => {
    const none = await runCli(['runs', '--storage', seeded.url, '--flow', 'Nobody.flow']);
    expect([none.code, none.stdout, none.stderr]).toEqual([0, `no flow run matches the filter in ${seeded.url}\n`, '']);
    const limited = await runCli(['runs', '--storage', seeded.url, '--flow', 'Reports.nightly', '--limit', '2']);
    expect(parseTable(limited.stdout).map((row) => row.flow)).toEqual(['Reports.nightly', 'Reports.nightly']);
    expect(limited.stderr).toBe('flowcache: older flow runs are not shown; raise --limit to see more\n');
  });

  it('refuses an inverted period, a state it does not know and a --param without a name, exit 2', async () => {
    const inverted = await runCli(['runs', '--storage', seeded.url, '--since', '1d', '--until', '7d']);
    expect([inverted.code, inverted.stdout]).toEqual([2, '']);
    expect(inverted.stderr).toMatch(/^flowcache: --since \(\S+ \S+\) is not before --until \(\S+ \S+\): no flow run/);
    expect(inverted.stderr).toContain('(flowcache runs --help shows the usage)');
    const state = await runCli(['runs', '--storage', seeded.url, '--state', 'Cached']);
    expect([state.code, state.stdout]).toEqual([2, '']);
    expect(state.stderr).toContain(
      "option '--state <state>' argument 'Cached' is invalid. expected Completed or Failed.",
    );
    // A name of an object's property is no state either.
    const property = await runCli(['runs', '--storage', seeded.url, '--state', 'constructor']);
    expect([property.code, property.stdout]).toEqual([2, '']);
    expect(property.stderr).toContain("argument 'constructor' is invalid. expected Completed or Failed.");
    const parameter = await runCli(['runs', '--storage', seeded.url, '--param', '=north']);
    expect(parameter.code).toBe(2);
    expect(parameter.stderr).toContain('expected name=value (region=north, days=3).');
  });
});
