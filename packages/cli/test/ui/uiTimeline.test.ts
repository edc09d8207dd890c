import 'reflect-metadata';
import { Engine } from '@flowcache/core';
import { CacheInspector } from '@flowcache/core/records';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { S3Storage } from '@flowcache/storage-s3';
import { STATE_COLORS } from '../../src/ui/charts/stateColors';
import { layOutTimeline } from '../../src/ui/charts/timelineRows';
import { startUiServer, type UiServer } from '../../src/ui/startUiServer';
import { send } from './support/http';
import { Ledger } from './support/ledger';
import { busyFlowRun, flowRun, taskRun, writeRawRunHistory, writeRunHistory } from './support/runHistoryBuilder';
import { Warehouse, type BodyRuns } from './support/warehouse';
import { axisLabels, chartOf, countedRows, timelineRows, timelineSummaryText } from './support/timelineMarkup';
import { startS3rver, type S3rverFixture } from '../../../storage-s3/test/support/s3rverFixture';
import { makeTemporaryDirectory, removeDirectory } from '../../../../test/support/temporaryDirectory';

/** The width of the timeline's plot, in pixels: a bar across the whole run is this wide. */
const PLOT_WIDTH = 700;

/** The flow-run page's timeline without a browser, on files: what each bar shows and links to. */
describe('flowcache ui flow-run timeline', () => {
  let directory: string;
  let storage: FileSystemStorage;
  let server: UiServer;
  const quiet = { warn: () => undefined };

  beforeAll(async () => {
    directory = await makeTemporaryDirectory('timeline');
    storage = new FileSystemStorage({ basePath: directory });
    server = await startUiServer({
      inspector: new CacheInspector(storage),
      port: 0,
      host: '127.0.0.1',
      allowDelete: false,
    });
  });

  afterAll(async () => {
    await server?.close();
    if (directory !== undefined) await removeDirectory(directory);
  });

  const pageOf = async (flowRunId: string) => {
    const { status, body } = await send(`${server.url}runs/${encodeURIComponent(flowRunId)}`);
    expect(status).toBe(200);
    return body;
  };

  it('draws a real flow run: one bar per task run in start order, coloured by state, the subflow nested', async () => {
    await new Engine({ storage, logger: quiet }).attach(new Ledger()).close('mon');
    const [run] = (await new CacheInspector(storage).flowRuns({ limit: 1 })).flowRuns;
    const [subflow] = run.subflows;
    const page = await pageOf(run.flowRunId);

    const rows = timelineRows(page);
    expect(rows.map((row) => [row.depth, row.label, row.bar?.kind, row.bar?.state])).toEqual([
      [0, 'Ledger.audit', 'bar', 'Failed'],
      [0, 'Ledger.entry', 'bar', 'RolledBack'],
      [0, 'Ledger.entry', 'bar', 'Completed'],
      [0, 'Ledger.totals', 'subflow-bar', 'Completed'],
      [1, 'Ledger.entry', 'bar', 'Completed'],
    ]);
    for (const { bar } of rows) expect(bar?.fill).toBe(STATE_COLORS[bar!.state as keyof typeof STATE_COLORS]);
    // Bars link to their task run's row: on this page, or on the subflow's page; the subflow to its page, which
    // names the top-level run holding it (`in`), so that only that run's history is read.
    const subflowPage = `/runs/${subflow.flowRunId}?in=${run.flowRunId}`;
    expect(rows.map((row) => row.bar?.href)).toEqual([
      ...run.taskRuns.map((taskRun) => `#task-run-${taskRun.taskRunId}`),
      subflowPage,
      `${subflowPage}#task-run-${subflow.taskRuns[0].taskRunId}`,
    ]);
    for (const taskRun of run.taskRuns) expect(page).toContain(`<tr id="task-run-${taskRun.taskRunId}">`);
    // Labels link to the record only where the run can have left one.
    expect(rows.map((row) => row.labelHref)).toEqual([
      undefined,
      undefined,
      '/records/entries%2Fopening',
      subflowPage,
      '/records/entries%2Ftotal-mon',
    ]);
    expect(rows[0].bar?.tooltip).toMatch(/^Ledger\.audit\nFailed in \d+ ms, .*\ncache key: audits\/mon\n/);
    expect(rows[0].bar?.tooltip).toContain('error: the audit of mon failed');
    expect(timelineSummaryText(page)).toBe('4 task runs, all drawn on the time axis.');
    expect(page.indexOf('id="timeline"')).toBeLessThan(page.indexOf('id="task-runs"'));

    // The subflow's own page draws its task run at the top level, linking to its row there.
    const subflowRows = timelineRows(await pageOf(subflow.flowRunId));
    expect(subflowRows.map((row) => [row.depth, row.label, row.bar?.href])).toEqual([
      [0, 'Ledger.entry', `#task-run-${subflow.taskRuns[0].taskRunId}`],
    ]);
  });

  it('draws bars to scale on an axis of the time since the start; a 0 ms hit is 2 px wide, never wider', async () => {
    const start = new Date('2026-03-01T10:00:00.000Z');
    const run = flowRun(start, {
      durationMs: 10_000,
      taskRuns: [
        taskRun(start, { taskName: 'T.load', offsetMs: 0, durationMs: 5_000 }),
        taskRun(start, { taskName: 'T.hit', state: 'Cached', cacheKey: 'k', offsetMs: 5_000, durationMs: 0 }),
        taskRun(start, { taskName: 'T.late', state: 'Cached', cacheKey: 'k', offsetMs: 10_000, durationMs: 0 }),
        taskRun(start, { taskName: 'T.rest', offsetMs: 5_000, durationMs: 5_000 }),
      ],
    });
    await writeRunHistory(storage, [run]);
    const page = await pageOf(run.flowRunId);
    expect(timelineRows(page).map((row) => [row.label, row.bar?.x, row.bar?.width])).toEqual([
      ['T.load', 0, PLOT_WIDTH / 2],
      ['T.hit', PLOT_WIDTH / 2, 2],
      ['T.rest', PLOT_WIDTH / 2, PLOT_WIDTH / 2],
      // At the very end: kept inside the plot.
      ['T.late', PLOT_WIDTH - 2, 2],
    ]);

    expect(axisLabels(page)).toEqual(['0 s', '1 s', '2 s', '3 s', '4 s', '5 s', '6 s', '7 s', '8 s', '9 s', '10 s']);
    expect(chartOf(page)).toContain('time since the flow run started (s)');
  });

  it('draws at most 500 task runs; the rest, and those the history only counted, in one row per task', async () => {
    const run = busyFlowRun(new Date('2026-03-02T08:00:00.000Z'), {
      count: 1_500,
      tasks: ['Sales.load', 'Sales.clean', 'Sales.report'],
      states: ['Completed', 'Cached', 'Cached', 'Failed'],
    });
    expect([run.taskRuns.length, run.moreTaskRuns.length]).toEqual([1_000, 3]);
    await writeRunHistory(storage, [run]);
    const page = await pageOf(run.flowRunId);

    const rows = timelineRows(page);
    expect(rows.map((row) => [row.label, row.bar?.state])).toEqual(
      run.taskRuns.slice(0, 500).map((taskRun) => [taskRun.taskName, taskRun.state]),
    );
    // Counted per task: the detailed runs beyond the chart's rows and the history's counts, together.
    const expected = new Map<string, Record<string, number>>();
    const add = (taskName: string, state: string, count: number) => {
      const states = expected.get(taskName) ?? {};
      states[state] = (states[state] ?? 0) + count;
      expected.set(taskName, states);
    };
    for (const taskRun of run.taskRuns.slice(500)) add(taskRun.taskName, taskRun.state, 1);
    for (const task of run.moreTaskRuns)
      for (const [state, count] of Object.entries(task.states)) add(task.taskName, state, count);
    const sum = (states: Record<string, number>) => Object.values(states).reduce((a, b) => a + b, 0);
    expect(countedRows(page).map((row) => [row.label, row.segments])).toEqual(
      [...expected].map(([taskName, states]) => [`${sum(states)} more runs of ${taskName}`, states]),
    );
    expect(countedRows(page)[0].tooltip).toMatch(/^\d+ more runs of Sales\.\w+\nby state: \d+ Completed, \d+ Cached/);
    expect(timelineSummaryText(page)).toBe(
      '1 500 task runs: 500 drawn on the time axis, 1 000 counted only ' +
        "(500 beyond the runHistoryDetail setting, 500 beyond the chart's 500 rows).",
    );
  });

  it('counts a subflow beyond the rows with its own task runs, per task, and the subflow per flow', () => {
    const start = new Date('2026-03-02T09:00:00.000Z');
    const step = (taskName: string, offsetMs: number) => taskRun(start, { taskName, offsetMs, durationMs: 1 });
    const subflow = flowRun(new Date(start.getTime() + 2), {
      flowName: 'Sub.flow',
      taskRuns: [step('Sub.c', 2), step('Sub.d', 3)],
      moreTaskRuns: [
        {
          taskName: 'Sub.c',
          count: 4,
          states: { Cached: 4 },
          cacheMisses: {},
          totalDurationMs: 0,
          minDurationMs: 0,
          maxDurationMs: 0,
        },
      ],
    });
    const run = flowRun(start, { taskRuns: [step('T.a', 0), step('T.b', 1), step('T.e', 5)], subflows: [subflow] });
    const timeline = layOutTimeline(run, 2);
    expect(timeline.rows.map((row) => (row.kind === 'task' ? row.taskRun.taskName : row.flowRun.flowName))).toEqual([
      'T.a',
      'T.b',
    ]);
    expect(timeline.counted.map((group) => [group.kind, group.name, group.count, group.states])).toEqual([
      [
        'task',
        'Sub.c',
        5,
        [
          ['Completed', 1],
          ['Cached', 4],
        ],
      ],
      ['task', 'Sub.d', 1, [['Completed', 1]]],
      ['task', 'T.e', 1, [['Completed', 1]]],
      ['flow', 'Sub.flow', 1, [['Completed', 1]]],
    ]);
    expect(timeline.taskRuns).toEqual({ drawn: 2, countedByHistory: 4, beyondRows: 3, unreadableTimes: 0 });
  });

  it('gathers the counts of tasks beyond 50 rows in one row', async () => {
    const start = new Date('2026-03-03T08:00:00.000Z');
    const moreTaskRuns = Array.from({ length: 120 }, (_, index) => ({
      taskName: `Many.task${index}`,
      count: 2,
      states: { Cached: 2 },
      cacheMisses: {},
      totalDurationMs: 0,
      minDurationMs: 0,
      maxDurationMs: 0,
    }));
    const run = flowRun(start, { taskRuns: [taskRun(start)], moreTaskRuns });
    await writeRunHistory(storage, [run]);
    const counted = countedRows(await pageOf(run.flowRunId));
    expect(counted).toHaveLength(50);
    expect(counted[48].label).toBe('2 more runs of Many.task48');
    expect(counted[49]).toMatchObject({ label: '142 more runs of 71 other tasks', segments: { Cached: 142 } });
  });

  it('draws a hostile history without NaN or script: bad times counted or clamped, names as text', async () => {
    const start = new Date('2026-03-04T10:00:00.000Z');
    const at = (offsetMs: number) => new Date(start.getTime() + offsetMs).toISOString();
    const longName = 'Reports.aVeryLongTaskNameIndeedForOneRow';
    const document = flowRun(start, {
      flowName: 'Hostile<b>flow</b>',
      endedAt: 'whenever',
      durationMs: 10_000,
      taskRuns: [
        taskRun(start, {
          taskRunId: 'a"b<',
          taskName: '<script>alert(1)</script>',
          cacheKey: 'k"<',
          durationMs: 1_000,
        }),
        taskRun(start, { taskName: 'T.noStart', startedAt: 'not a time' }),
        taskRun(start, { taskName: 'T.backwards', startedAt: at(2_000), endedAt: at(1_000), durationMs: -50 }),
        taskRun(start, { taskName: 'T.early', startedAt: at(-5_000), endedAt: at(1_000) }),
        taskRun(start, { taskName: 'T.afterwards', startedAt: at(20_000), endedAt: at(21_000) }),
        taskRun(start, { taskName: 'T.forever', startedAt: at(5_000), endedAt: 'never', durationMs: 1e300 }),
        taskRun(start, { taskName: longName, startedAt: at(6_000) }),
      ],
      subflows: [
        flowRun(start, {
          flowRunId: 'sub"flow',
          flowName: 'Sub.flow',
          startedAt: 'soon',
          taskRuns: [taskRun(start, { taskName: 'Sub.step', startedAt: at(7_000), endedAt: at(8_000) })],
        }),
      ],
      moreTaskRuns: [
        {
          taskName: 'T.more',
          count: 0,
          states: { Cached: 3, Completed: 'many' as never, Failed: -2 },
          cacheMisses: {},
          totalDurationMs: 0,
          minDurationMs: 0,
          maxDurationMs: 0,
        },
      ],
      moreSubflows: [
        {
          flowName: 'Sub<i>',
          count: 2,
          states: { Completed: 2 },
          totalDurationMs: 0,
          minDurationMs: 0,
          maxDurationMs: 0,
          taskRunStates: { Cached: 5 },
        },
      ],
    });
    // JSON.stringify cannot write an infinite count, a document can; `__proto__` as a state is a key of its own.
    const text = JSON.stringify({ formatVersion: 1, ...document, flowRunId: 'hostile' })
      .replace('"count":0', '"count":1e400')
      .replace('"Failed":-2', '"Failed":-2,"__proto__":4');
    expect(text).toContain('"count":1e400,');
    await writeRawRunHistory(storage, 'hostile', text);

    const page = await pageOf('hostile');
    const chart = chartOf(page);
    expect(chart).not.toMatch(/NaN|Infinity|<script|<b>|<i>/);
    expect(page).not.toMatch(/<script|<b>flow|<i>/);
    expect(page).toContain('<tr id="task-run-a&quot;b&lt;">');
    const rows = timelineRows(page);
    expect(rows.map((row) => [row.depth, row.label, row.bar?.x, row.bar?.width])).toEqual([
      [0, 'T.early', 0, 70],
      [0, '<script>alert(1)</script>', 0, 70],
      [0, 'T.backwards', 140, 2],
      [0, 'T.forever', 350, 350],
      [0, 'Reports.aVeryLongTaskNameIn…', 420, 2],
      [0, 'T.afterwards', 698, 2],
      [0, 'Sub.flow', undefined, undefined],
      [1, 'Sub.step', 490, 70],
    ]);
    expect(rows[1].bar?.href).toBe('#task-run-a%22b%3C');
    expect(rows[1].labelHref).toBe('/records/k%22%3C');
    expect(rows[4].bar?.tooltip.split('\n')[0]).toBe(longName);
    expect(rows[6].labelHref).toBe('/runs/sub%22flow?in=hostile');
    expect(rows[7].bar?.href).toBe(
      `/runs/sub%22flow?in=hostile#task-run-${encodeURIComponent(document.subflows[0].taskRuns[0].taskRunId)}`,
    );
    expect(countedRows(page).map((row) => [row.kind, row.label, row.segments])).toEqual([
      ['task', '1 more run of T.noStart', { Completed: 1 }],
      // A literal `__proto__:` would set the prototype: the planted state is an own key.
      [
        'task',
        '7 more runs of T.more',
        Object.fromEntries([
          ['Cached', 3],
          ['__proto__', 4],
        ]),
      ],
      ['flow', '2 more runs of Sub<i>', { Completed: 2 }],
    ]);
    expect(countedRows(page)[2].tooltip).toContain('their task runs: 5 Cached');
    expect(timelineSummaryText(page)).toBe(
      // 7 of T.more, 5 of the counted subflows.
      '20 task runs: 7 drawn on the time axis, 13 counted only ' +
        '(12 beyond the runHistoryDetail setting, 1 with a start that is not a time).',
    );
  });

  it('draws runs the history only counted without a time axis; nothing for a run that ran nothing', async () => {
    const start = new Date('2026-03-05T08:00:00.000Z');
    const counted = {
      taskName: 'Only.counted',
      count: 3,
      states: { Cached: 2, Completed: 1 },
      cacheMisses: { absent: 1 },
      totalDurationMs: 4,
      minDurationMs: 0,
      maxDurationMs: 4,
    };
    const [empty, onlyCounted] = [flowRun(start), flowRun(start, { moreTaskRuns: [counted] })];
    await writeRunHistory(storage, [empty, onlyCounted]);
    const page = await pageOf(onlyCounted.flowRunId);
    expect(timelineRows(page)).toEqual([]);
    expect(axisLabels(page)).toEqual([]);
    expect(countedRows(page).map((row) => [row.label, row.segments])).toEqual([
      ['3 more runs of Only.counted', { Completed: 1, Cached: 2 }],
    ]);
    expect(timelineSummaryText(page)).toBe(
      '3 task runs: 0 drawn on the time axis, 3 counted only (3 beyond the runHistoryDetail setting).',
    );
    const nothing = await pageOf(empty.flowRunId);
    expect(nothing).not.toContain('id="timeline"');
    expect(nothing).toContain('<h2>Task runs</h2>');
  });
});

describe('flowcache ui flow-run timeline on S3 (s3rver)', () => {
  let s3: S3rverFixture;
  let server: UiServer;
  const bodyRuns: BodyRuns = { price: 0, label: 0 };

  beforeAll(async () => {
    s3 = await startS3rver({ bucket: 'ui-timeline' });
    const storage = new S3Storage({ client: s3.createClient(), bucket: 'ui-timeline', prefix: 'team' });
    const warehouse = new Engine({ storage }).attach(new Warehouse(bodyRuns));
    await warehouse.restock(['apple', 'pear'], 'first');
    await warehouse.restock(['apple', 'pear'], 'second');
    server = await startUiServer({
      inspector: new CacheInspector(storage),
      port: 0,
      host: '127.0.0.1',
      allowDelete: false,
    });
  });

  afterAll(async () => {
    await server?.close();
    await s3?.close();
  });

  it('draws the hits of the second run, each linking to its row and its record, which the page can show', async () => {
    expect(bodyRuns).toEqual({ price: 2, label: 2 });
    const list = (await send(server.url)).body;
    const [latest] = [...list.matchAll(/<a href="(\/runs\/[^"]+)">/g)].map((match) => match[1]);
    const page = (await send(`${server.url}${latest.slice(1)}`)).body;
    const rows = timelineRows(page);
    expect(rows.map((row) => [row.label, row.bar?.state, row.labelHref])).toEqual([
      ['Warehouse.price', 'Cached', '/records/prices%2Fapple'],
      ['Warehouse.label', 'Cached', '/records/labels%2Fapple'],
      ['Warehouse.price', 'Cached', '/records/prices%2Fpear'],
      ['Warehouse.label', 'Cached', '/records/labels%2Fpear'],
    ]);
    for (const { bar } of rows) {
      expect(bar!.width).toBeGreaterThanOrEqual(2);
      expect(page).toContain(`<tr id="${bar!.href.slice(1)}">`);
    }
    const record = await send(`${server.url}${rows[0].labelHref!.slice(1)}`);
    expect(record.status).toBe(200);
    expect(record.body).toContain('prices/apple');
    expect(timelineSummaryText(page)).toBe('4 task runs, all drawn on the time axis.');
  });
});
