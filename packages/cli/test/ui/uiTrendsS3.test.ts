import { CacheInspector } from '@flowcache/core/records';
import { S3Storage } from '@flowcache/storage-s3';
import { startS3rver, type S3rverFixture } from '../../../storage-s3/test/support/s3rverFixture';
import { startUiServer, type UiServer } from '../../src/ui/startUiServer';
import { type HistoryFixture, writeHistoryFixture } from './support/historyFixture';
import { send } from './support/http';
import { marksOf, statsRow, statsTotals, textById } from './support/trendMarkup';

const DAY = 24 * 3_600_000;
const NOW = Date.UTC(2026, 11, 7, 10, 30);

/** The trends page on an S3 storage (s3rver): the same charts and totals as on files. */
describe('flowcache ui trends on S3', () => {
  let s3: S3rverFixture;
  let fixture: HistoryFixture;
  let server: UiServer;

  beforeAll(async () => {
    s3 = await startS3rver({ bucket: 'ui-trends' });
    const storage = new S3Storage({ client: s3.createClient(), bucket: 'ui-trends', prefix: 'team' });
    // Fewer than on files: every run is an s3rver request to write and to read for each page.
    fixture = await writeHistoryFixture(storage, { now: NOW - 60_000, flowRuns: 60, records: 20 });
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
    await s3?.close();
  });

  it('charts the history and records of an S3 storage, with the stats page totals', async () => {
    const { status, body } = await send(`${server.url}trends`);
    expect(status).toBe(200);
    const expected = fixture.countSince(NOW - 7 * DAY);
    const cached = marksOf(body, 'trend-states').filter((bar) => bar.series === 'Cached');
    expect(cached.reduce((sum, bar) => sum + bar.value, 0)).toBe(expected.Cached);
    const stats = await send(`${server.url}stats?period=7d`);
    const totals = statsTotals(stats.body);
    expect(textById(body, 'trend-time-total')).toBe(
      `Compute time saved ${totals['Compute time saved']}, spent ${totals['Compute time spent']}.`,
    );
    const [calls, , , , records, size] = statsRow(stats.body, 'Reports.load')!;
    const load = await send(`${server.url}trends?task=Reports.load`);
    expect(textById(load.body, 'trend-states-total')).toMatch(new RegExp(`^${calls} task runs: `));
    expect(textById(load.body, 'trend-storage-total')).toContain(`${size} in ${records} records stored now`);
    expect(marksOf(load.body, 'trend-storage').at(-1)?.value).toBe(fixture.records.get('Reports.load')?.bytes);
  });
});
