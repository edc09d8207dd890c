import { CacheInspector } from '@flowcache/core/records';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { makeTemporaryDirectory, removeDirectory } from '../../../../test/support/temporaryDirectory';
import { MINIMAL_RUN } from '../../../../test/support/runHistoryDocuments';
import { formatBytes, formatDuration } from '../../src/shared/formatValues';
import { startUiServer, type UiServer } from '../../src/ui/startUiServer';
import { FIXTURE_TASKS, type HistoryFixture, writeHistoryFixture } from './support/historyFixture';
import { send } from './support/http';
import { marksOf, statsRow, statsTotals, textById } from './support/trendMarkup';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
// A fixed clock: 2026-12-07 10:30 UTC. Flow runs start every hour from 10:29 back, for ten days.
const NOW = Date.UTC(2026, 11, 7, 10, 30);
const PERIODS = { '24h': DAY, '7d': 7 * DAY, '30d': 30 * DAY } as const;
const digits = (text: string | undefined) => Number((text ?? '').replace(/\D/g, ''));

/** The trends page without a browser, on files: its charts count what the history holds, as the stats page does. */
describe('flowcache ui trends', () => {
  let directory: string;
  let storage: FileSystemStorage;
  let fixture: HistoryFixture;
  let server: UiServer;

  beforeAll(async () => {
    directory = await makeTemporaryDirectory('ui-trends');
    storage = new FileSystemStorage({ basePath: directory });
    fixture = await writeHistoryFixture(storage, { now: NOW - 60_000, flowRuns: 240, records: 120 });
    server = await startUiServer({
      inspector: new CacheInspector(storage),
      port: 0,
      host: '127.0.0.1',
      allowDelete: false,
      now: () => NOW,
    });
  });

  afterAll(async () => {
    await server?.close();
    if (directory !== undefined) await removeDirectory(directory);
  });

  const trends = async (query = '') => {
    const answer = await send(`${server.url}trends${query}`);
    expect(answer.status).toBe(200);
    return answer.body;
  };

  it('is linked from every page, and charts 7 days by day: bars by state as the history holds them', async () => {
    const { body: home } = await send(server.url);
    expect(home).toContain('<a href="/trends">Trends</a>');
    const page = await trends();
    expect(page).toContain('<option value="7d" selected>');
    expect(page).toContain('<option value="day" selected>');
    const since = NOW - 7 * DAY;
    const expected = fixture.countSince(since);
    const bars = marksOf(page, 'trend-states');
    const sum = (state: string) =>
      bars.filter((bar) => bar.series === state).reduce((total, bar) => total + bar.value, 0);
    expect({ Completed: sum('Completed'), Cached: sum('Cached'), Failed: sum('Failed') }).toEqual({
      Completed: expected.Completed,
      Cached: expected.Cached,
      Failed: expected.Failed,
    });
    // A whole day in the period: its bars hold that day's task runs, named in their tooltips.
    const day = fixture.byDay.get('2026-12-05')!;
    const cached = [...day.values()].reduce((total, counts) => total + counts.Cached, 0);
    expect(bars.find((bar) => bar.series === 'Cached' && bar.bucket === '2026-12-05T00:00:00.000Z')).toEqual({
      series: 'Cached',
      bucket: '2026-12-05T00:00:00.000Z',
      value: cached,
      title: `2026-12-05 UTC: ${cached} Cached`,
    });
    const total = expected.Completed + expected.Cached + expected.Failed;
    expect(textById(page, 'trend-states-total')).toMatch(
      new RegExp(`^${String(total).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} task runs: `),
    );
    // Eight days: the one the period starts in, and seven whole or current ones.
    expect(new Set(bars.map((bar) => bar.bucket)).size).toBe(8);
  });

  it.each(Object.keys(PERIODS) as (keyof typeof PERIODS)[])(
    'adds up to the stats page for %s, in all and per task',
    async (period) => {
      const { body: stats } = await send(`${server.url}stats?period=${period}`);
      const totals = statsTotals(stats);
      const page = await trends(`?period=${period}`);
      expect(digits(textById(page, 'trend-states-total')?.split(':')[0])).toBe(Number(totals['Task runs']));
      const hits = /^(\d+) \((.*)\)$/.exec(totals.Hits)!;
      expect(textById(page, 'trend-hit-ratio-total')).toContain(`Hit ratio ${hits[2]}: ${hits[1]} hits`);
      expect(textById(page, 'trend-time-total')).toBe(
        `Compute time saved ${totals['Compute time saved']}, spent ${totals['Compute time spent']}.`,
      );
      for (const task of FIXTURE_TASKS) {
        const [calls, ratio, spent, saved, records, size] = statsRow(stats, task)!;
        const one = await trends(`?period=${period}&task=${encodeURIComponent(task)}`);
        expect(digits(textById(one, 'trend-states-total')?.split(':')[0])).toBe(Number(calls));
        expect(textById(one, 'trend-hit-ratio-total')).toContain(`Hit ratio ${ratio}:`);
        expect(textById(one, 'trend-time-total')).toBe(`Compute time saved ${saved}, spent ${spent}.`);
        expect(textById(one, 'trend-storage-total') ?? '').toContain(`${size} in ${records} records stored now`);
        expect(one).toContain(`<option value="${task}" selected>`);
      }
    },
  );

  it('counts one task only with the task filter, its records too', async () => {
    const page = await trends('?period=30d&task=Reports.load');
    const expected = fixture.countSince(NOW - 30 * DAY, 'Reports.load');
    const bars = marksOf(page, 'trend-states');
    expect(bars.filter((bar) => bar.series === 'Failed')).toEqual([]);
    expect(bars.filter((bar) => bar.series === 'Cached').reduce((sum, bar) => sum + bar.value, 0)).toBe(
      expected.Cached,
    );
    const saved = marksOf(page, 'trend-time').filter((bar) => bar.series === 'savedMs');
    expect(saved.reduce((sum, bar) => sum + bar.value, 0)).toBe(fixture.savedMs.get('Reports.load'));
    const { count, bytes } = fixture.records.get('Reports.load')!;
    const levels = marksOf(page, 'trend-storage');
    expect(levels.at(-1)?.value).toBe(bytes);
    expect(textById(page, 'trend-storage-total')).toBe(
      `${formatBytes(bytes)} in ${count} records stored now, added up by when they were created; deleted records ` +
        'are not counted.',
    );
    expect(textById(page, 'trend-time-total')).toContain(formatDuration(fixture.savedMs.get('Reports.load')!));
  });

  it('charts 24 hours by the hour by default, with a point per hour that had calls', async () => {
    const page = await trends('?period=24h');
    expect(page).toContain('<option value="hour" selected>');
    const points = marksOf(page, 'trend-hit-ratio');
    expect(points).toHaveLength(24); // one flow run an hour: the hour the period starts in had none
    expect(points[0]).toMatchObject({
      bucket: '2026-12-06T11:00:00.000Z',
      title: expect.stringMatching(/^2026-12-06 11:00 UTC: /),
    });
    const byDay = await trends('?period=24h&bucket=day');
    expect(new Set(marksOf(byDay, 'trend-states').map((bar) => bar.bucket))).toEqual(
      new Set(['2026-12-06T00:00:00.000Z', '2026-12-07T00:00:00.000Z']),
    );
  });

  it('refuses an unknown bucket or period with a 400 naming it; empty ones take the default', async () => {
    for (const [query, words] of [
      ['?bucket=week', 'bucket: &quot;week&quot; is not one of hour, day'],
      ['?period=1y', 'period: &quot;1y&quot; is not one of 24h, 7d, 30d'],
      ['?bucket=%3Cscript%3E', 'bucket: &quot;&lt;script&gt;&quot; is not one of'],
    ]) {
      const answer = await send(`${server.url}trends${query}`);
      expect([answer.status, answer.body]).toEqual([400, expect.stringContaining(words)]);
      expect(answer.body).not.toContain('<script>');
    }
    const defaults = await trends('?bucket=&period=&task=');
    expect(defaults).toContain('<option value="7d" selected>');
    expect(defaults).toContain('<option value="" selected>all tasks</option>');
  });

  it('keeps a task that did not run in the period chosen, with empty charts', async () => {
    const answer = await send(`${server.url}trends?period=24h&task=Reports.nothing`);
    expect(answer.status).toBe(200);
    expect(answer.body).toContain('<option value="Reports.nothing" selected>Reports.nothing</option>');
    expect(answer.body).toContain('No task runs in this period.');
  });

  it('shows a planted task name as text in the filter, tooltips and captions; hostile numbers no NaN', async () => {
    const name = '<img src=x onerror=alert(1)>';
    const startedAt = new Date(NOW - HOUR).toISOString();
    const taskRun = {
      taskRunId: 't',
      taskName: name,
      state: 'Cached',
      cacheKey: 'k',
      startedAt: 'never',
      endedAt: startedAt,
      durationMs: 1,
      attempts: 1,
      cacheMiss: null,
      error: null,
      savedMs: 2500,
    };
    const planted = { ...MINIMAL_RUN, flowRunId: 'planted', startedAt, taskRuns: [taskRun] };
    // Two counts near the largest number: their sum is not finite.
    const huge = { taskName: 'Huge', count: 1e308, states: { Cached: 1e308, '<b>': 3 }, cacheMisses: {} };
    const counted = { ...huge, totalDurationMs: 1e308, minDurationMs: 0, maxDurationMs: 1, savedMs: 1e308 };
    const hostile = { ...MINIMAL_RUN, flowRunId: 'huge', startedAt, moreTaskRuns: [counted, counted] };
    const keys = [
      '_flowcache/runs/0000000000000-planted.json',
      '_flowcache/runs/0000000000001-huge.json',
      '_flowcache/runs/0000000000002-bad.json',
    ];
    await storage.put(keys[0], Buffer.from(JSON.stringify(planted)));
    await storage.put(keys[1], Buffer.from(JSON.stringify(hostile)));
    await storage.put(keys[2], Buffer.from(JSON.stringify({ ...MINIMAL_RUN, flowRunId: 'bad', startedAt: 'x' })));
    try {
      const page = await trends(`?task=${encodeURIComponent(name)}`);
      expect(page).not.toContain('<img');
      expect(page).toContain('<option value="&lt;img src=x onerror=alert(1)&gt;" selected>');
      expect(page).toContain('task <code>&lt;img src=x onerror=alert(1)&gt;</code>');
      // Its task run started at no time: it is counted at its flow run's start.
      expect(marksOf(page, 'trend-states')).toEqual([
        { series: 'Cached', bucket: '2026-12-07T00:00:00.000Z', value: 1, title: '2026-12-07 UTC: 1 Cached' },
      ]);
      const all = await trends();
      expect(all).toContain('<option value="&lt;img src=x onerror=alert(1)&gt;">');
      expect(all).not.toMatch(/NaN|Infinity/);
      // Counts near the largest number count as the most one stored number may: their sums and ratio are finite.
      expect(textById(await trends('?task=Huge'), 'trend-hit-ratio-total')).toMatch(/^Hit ratio 100 %: /);
    } finally {
      for (const key of keys) await storage.delete(key);
    }
  });

  it('says there is nothing in a period without flow runs, instead of drawing empty axes', async () => {
    const empty = await makeTemporaryDirectory('ui-trends-empty');
    const quiet = await startUiServer({
      inspector: new CacheInspector(new FileSystemStorage({ basePath: empty })),
      port: 0,
      host: '127.0.0.1',
      allowDelete: false,
    });
    try {
      const { status, body } = await send(`${quiet.url}trends`);
      expect(status).toBe(200);
      expect(body).not.toContain('<svg');
      expect(textById(body, 'trend-states-empty')).toBe('No task runs in this period.');
      expect(textById(body, 'trend-hit-ratio-empty')).toBe('No calls in this period.');
      expect(textById(body, 'trend-time-empty')).toBe('No compute time spent or saved in this period.');
      expect(textById(body, 'trend-storage-empty')).toBe('No records stored.');
    } finally {
      await quiet.close();
      await removeDirectory(empty);
    }
  });
});
