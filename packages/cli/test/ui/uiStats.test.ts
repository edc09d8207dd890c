import { CacheInspector, type CacheStats } from '@flowcache/core/records';
import { startUiServer, type UiServer } from '../../src/ui/startUiServer';
import { formatBytes, formatDuration } from '../../src/shared/formatValues';
import { runCliJson } from '../support/runCli';
import { seedStorage, type SeededStorage } from '../support/seedStorage';
import { MINIMAL_RUN } from '../../../../test/support/runHistoryDocuments';
import { tableRows } from './support/htmlTable';
import { send } from './support/http';

// The CLI runs as a child process: about half a second a time on a busy machine.
jest.setTimeout(60_000);

/** The stats page without a browser: the same counts as `flowcache stats`, over the period chosen. */
describe('flowcache ui stats', () => {
  let seeded: SeededStorage;
  let server: UiServer;
  let now = Date.now();

  beforeAll(async () => {
    seeded = await seedStorage();
    server = await startUiServer({
      inspector: new CacheInspector(seeded.storage),
      port: 0,
      host: '127.0.0.1',
      allowDelete: false,
      now: () => now,
    });
  });

  afterAll(async () => {
    await server?.close();
    await seeded?.remove();
  });

  const totals = (page: string) =>
    Object.fromEntries(
      [...(/<dl id="totals">([\s\S]*?)<\/dl>/.exec(page)?.[1] ?? '').matchAll(/<dt>(.*?)<\/dt><dd>(.*?)<\/dd>/g)].map(
        ([, label, value]) => [label, value],
      ),
    );

  it('shows calls, hit ratio, compute time spent and saved, in all and per task, as the CLI counts', async () => {
    const cli = await runCliJson<CacheStats>(['stats', '--storage', seeded.url]);
    const { status, body } = await send(`${server.url}stats`);
    expect(status).toBe(200);
    expect(body).toContain('<a href="/stats">Stats</a>');
    expect(totals(body)).toEqual({
      Period: 'all the run history kept',
      'Flow runs': '4',
      'Task runs': '10',
      Hits: '4 (40.0 %)',
      'Compute time spent': formatDuration(cli.runs.computeMs),
      'Compute time saved': formatDuration(cli.runs.savedMs),
      'Records stored': `6 (${formatBytes(cli.bytes)})`,
    });
    const row = (task: string) => {
      const runs = cli.runs.tasks[task];
      return [formatDuration(runs.computeMs), formatDuration(runs.savedMs)];
    };
    expect(tableRows(body, 'task-stats')).toEqual([
      ['(unreadable)', '0', '-', '0 ms', '0 ms', '1', '22 B'],
      ['Reports.callModel', '1', '0 %', ...row('Reports.callModel'), '0', '0 B'],
      ['Reports.loadSales', '3', '33.3 %', ...row('Reports.loadSales'), '2', expect.any(String)],
      ['Reports.regionTotal', '3', '66.7 %', ...row('Reports.regionTotal'), '1', expect.any(String)],
      ['Reports.summarize', '3', '33.3 %', ...row('Reports.summarize'), '2', expect.any(String)],
    ]);
  });

  it('counts the flow runs started in the period chosen; an unknown period counts them all', async () => {
    const recent = await send(`${server.url}stats?period=24h`);
    expect(totals(recent.body)).toMatchObject({ Period: 'the last 24 hours', 'Task runs': '10' });
    expect(recent.body).toContain('<option value="24h" selected>');
    now = Date.now() + 2 * 24 * 3_600_000; // two days on: the seeded flow runs are older than 24 hours
    try {
      const later = await send(`${server.url}stats?period=24h`);
      expect(totals(later.body)).toMatchObject({ 'Flow runs': '0', 'Task runs': '0', Hits: '0 (-)' });
      expect(tableRows(later.body, 'task-stats').map((cells) => cells[1])).toEqual(['0', '0', '0', '0']);
      const week = await send(`${server.url}stats?period=7d`);
      expect(totals(week.body)).toMatchObject({ Period: 'the last 7 days', 'Task runs': '10' });
      const unknown = await send(`${server.url}stats?period=<script>`);
      expect(totals(unknown.body)).toMatchObject({ Period: 'all the run history kept', 'Task runs': '10' });
      expect(unknown.body).not.toContain('<script>');
    } finally {
      now = Date.now();
    }
  });

  it('shows a task name planted in the run history as text', async () => {
    const taskRun = {
      taskRunId: 't',
      taskName: '<img src=x onerror=alert(1)>',
      state: 'Cached',
      cacheKey: 'k',
      startedAt: new Date().toISOString(),
      endedAt: new Date().toISOString(),
      durationMs: 1,
      attempts: 0,
      cacheMiss: null,
      error: null,
      savedMs: 2500,
    };
    const run = { ...MINIMAL_RUN, flowRunId: 'planted', startedAt: new Date().toISOString(), taskRuns: [taskRun] };
    await seeded.storage.put('_flowcache/runs/9999999999999-planted.json', Buffer.from(JSON.stringify(run)));
    try {
      const { body } = await send(`${server.url}stats`);
      expect(body).not.toContain('<img');
      const planted = tableRows(body, 'task-stats').find((cells) => cells[0].startsWith('<img'));
      expect(planted).toEqual(['<img src=x onerror=alert(1)>', '1', '100 %', '0 ms', '2.5 s', '0', '0 B']);
    } finally {
      await seeded.storage.delete('_flowcache/runs/9999999999999-planted.json');
    }
  });
});
