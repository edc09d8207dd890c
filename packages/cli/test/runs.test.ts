import type { FlowRunSummary } from '@flowcache/core/records';
import { runCli, runCliJson } from './support/runCli';
import { parseFields, parseTable } from './support/parseTable';
import { runBusyFlow } from './support/busyFlow';
import { seedStorage, type SeededStorage } from './support/seedStorage';
import { freezeDate } from '../../../test/support/freezeDate';

// Each test runs the CLI as a child process a few times: about half a second each on a busy machine.
jest.setTimeout(60_000);

type FlowRunJson = FlowRunSummary & { taskCounts: Record<string, number> };

describe('flowcache runs and flowcache run', () => {
  let seeded: SeededStorage;
  let flowRuns: FlowRunJson[];
  beforeAll(async () => {
    // All four flow runs start in one millisecond, as they often do on a fast machine: only the order in which
    // they started can rank them, never their random ids.
    freezeDate(Date.now());
    try {
      seeded = await seedStorage();
    } finally {
      jest.useRealTimers();
    }
    flowRuns = (await runCliJson<{ flowRuns: FlowRunJson[] }>(['runs', '--storage', seeded.url])).flowRuns;
  });
  afterAll(() => seeded.remove());

  it('runs --json: the flow runs newest first, with their task runs counted by state (subflows included)', () => {
    expect(flowRuns.map((run) => [run.flowName, run.state, run.taskCounts])).toEqual([
      ['Reports.forecast', 'Failed', { Failed: 1 }],
      ['Reports.nightly', 'Completed', { Cached: 3 }],
      ['Reports.nightly', 'Completed', { Completed: 2, Cached: 1 }],
      ['Reports.nightly', 'Completed', { Completed: 3 }],
    ]);
    expect(flowRuns[3].parameters).toEqual({ day: "'2026-01-01'" });
    expect(flowRuns[3].subflows.map((subflow) => subflow.flowName)).toEqual(['Reports.regions']);
  });

  it('runs prints a table of id, flow, state, start, duration and task runs', async () => {
    const { code, stdout, stderr } = await runCli(['runs', '--storage', seeded.url]);
    expect([code, stderr]).toEqual([0, '']);
    const rows = parseTable(stdout);
    expect(rows.map((row) => [row['flow run'], row.flow, row.state, row['task runs']])).toEqual([
      [flowRuns[0].flowRunId, 'Reports.forecast', 'Failed', '1 Failed'],
      [flowRuns[1].flowRunId, 'Reports.nightly', 'Completed', '3 Cached (1 subflow)'],
      [flowRuns[2].flowRunId, 'Reports.nightly', 'Completed', '2 Completed, 1 Cached (1 subflow)'],
      [flowRuns[3].flowRunId, 'Reports.nightly', 'Completed', '3 Completed (1 subflow)'],
    ]);
    expect(rows[0].started).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(rows[0].duration).toMatch(/^\d+ ms$/);
  });

  it('runs --limit shows the newest flow runs and says on stderr that there are more', async () => {
    const { stdout, stderr } = await runCli(['runs', '--limit', '2', '--storage', seeded.url]);
    expect(parseTable(stdout).map((row) => row['flow run'])).toEqual(flowRuns.slice(0, 2).map((run) => run.flowRunId));
    expect(stderr).toBe('flowcache: older flow runs are not shown; raise --limit to see more\n');
  });

  it('run <id> shows the flow run, its task runs (states, cache keys, misses) and its subflows', async () => {
    const { code, stdout } = await runCli(['run', flowRuns[2].flowRunId, '--storage', seeded.url]);
    expect(code).toBe(0);
    const [fields, tasks, subflow] = stdout.trimEnd().split('\n\n');
    expect(parseFields(fields)).toMatchObject({
      'flow run': flowRuns[2].flowRunId,
      flow: 'Reports.nightly',
      state: 'Completed',
      parameters: "day='2026-01-02'",
    });
    expect(parseTable(tasks).map((row) => [row.task, row.state, row['cache key'], row.note])).toEqual([
      ['Reports.loadSales', 'Completed', 'sales/2026-01-02', 'miss: absent'],
      ['Reports.summarize', 'Completed', `${flowRuns[2].taskRuns[1].cacheKey!.slice(0, 31)}…`, 'miss: absent'],
    ]);
    expect(subflow).toMatch(/^subflow:\n {2}flow run {4}\S+\n {2}flow {8}Reports\.regions\n/);
    expect(stdout).toMatch(/\n {2}Reports\.regionTotal +Cached +regions\/north +\d+ ms +0\n$/);
  });

  it('run <id> of a failed flow shows its error and the failed task run', async () => {
    const { stdout } = await runCli(['run', flowRuns[0].flowRunId, '--storage', seeded.url]);
    const [fields, tasks] = stdout.trimEnd().split('\n\n');
    expect(parseFields(fields)).toMatchObject({ state: 'Failed', error: 'model offline for 2026-01-02' });
    expect(parseTable(tasks)).toEqual([
      expect.objectContaining({
        task: 'Reports.callModel',
        state: 'Failed',
        'cache key': 'model/2026-01-02',
        note: 'model offline for 2026-01-02',
      }),
    ]);
  });

  it('run <id> --json gives the whole flow run; a subflow id finds the subflow', async () => {
    const { flowRun } = await runCliJson<{ flowRun: FlowRunSummary }>([
      'run',
      flowRuns[3].flowRunId,
      '--storage',
      seeded.url,
    ]);
    const { taskCounts: _counts, ...summary } = flowRuns[3];
    expect(flowRun).toEqual(summary);
    const subflowId = flowRun.subflows[0].flowRunId;
    const subflow = await runCliJson<{ flowRun: FlowRunSummary }>(['run', subflowId, '--storage', seeded.url]);
    expect(subflow.flowRun).toEqual(flowRun.subflows[0]);
  });

  it('run exits with 2 for an unknown flow run id', async () => {
    const result = await runCli(['run', 'no-such-run', '--storage', seeded.url]);
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr: `flowcache: no flow run "no-such-run" in the run history of ${seeded.url}\n`,
    });
  });
});

describe('flowcache runs and run, beyond the task runs kept in detail', () => {
  let seeded: SeededStorage;
  beforeAll(async () => {
    seeded = await seedStorage();
    await Promise.all(
      (await seeded.storage.list('_flowcache/runs/')).objects.map((object) => seeded.storage.delete(object.key)),
    );
    await runBusyFlow(seeded.storage);
  });
  afterAll(() => seeded.remove());

  it('runs counts the counted task runs and subflows with the detailed ones', async () => {
    const { stdout } = await runCli(['runs', '--storage', seeded.url]);
    expect(parseTable(stdout).map((row) => [row.flow, row['task runs']])).toEqual([
      ['busy', '3 Completed, 1 202 Cached (3 subflows)'],
    ]);
  });

  it('run <id> says "and N more" per task and per subflow, with states, miss reasons and durations', async () => {
    const [run] = (await runCliJson<{ flowRuns: FlowRunSummary[] }>(['runs', '--storage', seeded.url])).flowRuns;
    const { stdout } = await runCli(['run', run.flowRunId, '--storage', seeded.url]);
    const sections = stdout.trimEnd().split('\n\n');
    expect(parseTable(sections[1]).map((row) => row.state)).toEqual(['Completed', 'Cached']);
    expect(sections[2]).toMatch(
      new RegExp(
        String.raw`^task runs counted, not kept in detail \(setting runHistoryDetail\):\n {2}` +
          String.raw`Busy\.item: and 1 200 more: 1 Completed, 1 199 Cached; misses: 1 absent; ` +
          String.raw`\d\S* m?s in all, \d\S* m?s to \d\S* m?s each$`,
      ),
    );
    // The detailed subflows keep their own counted task run.
    const inSubflow =
      '\n  task runs counted, not kept in detail (setting runHistoryDetail):\n    Busy.item: and 1 more: 1 Cached; ';
    expect(stdout.split(inSubflow)).toHaveLength(3);
    expect(sections.at(-1)).toMatch(
      new RegExp(
        String.raw`^subflow runs counted, not kept in detail \(setting runHistoryDetail\):\n {2}` +
          String.raw`part: and 1 more: 1 Completed; task runs: 1 Completed; \d`,
      ),
    );
  });
});
