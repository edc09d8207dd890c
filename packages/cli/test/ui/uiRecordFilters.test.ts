import { FileSystemStorage } from '@flowcache/storage-fs';
import { S3Storage } from '@flowcache/storage-s3';
import { CacheInspector } from '@flowcache/core/records';
import type { ResultStorage } from '@flowcache/core';
import { startS3rver } from '../../../storage-s3/test/support/s3rverFixture';
import { startUiServer, type UiServer } from '../../src/ui/startUiServer';
import { recordsQueryOfPath, recordsUrl } from '../../src/ui/urls';
import { makeTemporaryDirectory, removeDirectory } from '../../../../test/support/temporaryDirectory';
import { tableRows } from './support/htmlTable';
import { send } from './support/http';
import { fillRecordStore, writeFlowRun, writeRecords, type RecordSeed } from './support/recordStore';

jest.setTimeout(60_000);

const NOW = Date.UTC(2026, 11, 8, 12);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const HOSTILE_TASK = '<img src=x onerror=alert(1)>.run';

// Six records whose sizes, ages and expiries tell them apart, two of them used by a flow run.
const SEEDS: readonly RecordSeed[] = [
  { key: 'a/huge', task: 'Sales.load', payloadBytes: 40_000, createdAt: new Date(NOW - 10 * DAY), expiresAt: null },
  { key: 'a/old', task: 'Sales.load', payloadBytes: 500, createdAt: new Date(NOW - 9 * DAY), expiresAt: null },
  {
    key: 'b/soon',
    task: 'Reports.build',
    payloadBytes: 3000,
    createdAt: new Date(NOW - 2 * HOUR),
    expiresAt: new Date(NOW + 3 * HOUR),
  },
  {
    key: 'b/later',
    task: 'Reports.build',
    payloadBytes: 2000,
    createdAt: new Date(NOW - 3 * DAY),
    expiresAt: new Date(NOW + 3 * DAY),
  },
  {
    key: 'b/gone',
    task: 'Reports.build',
    payloadBytes: 100,
    createdAt: new Date(NOW - 8 * DAY),
    expiresAt: new Date(NOW - HOUR),
  },
  { key: 'c/hostile', task: HOSTILE_TASK, payloadBytes: 10, createdAt: new Date(NOW - DAY), expiresAt: null },
];

async function fill(storage: ResultStorage): Promise<void> {
  await writeRecords(storage, SEEDS);
  await writeFlowRun(storage, 'nightly-1', new Date(NOW - 5 * HOUR), [
    { cacheKey: 'b/later', task: 'Reports.build', state: 'Completed', endedAt: new Date(NOW - 5 * HOUR) },
    { cacheKey: 'a/old', task: 'Sales.load', state: 'Cached', endedAt: new Date(NOW - 4 * HOUR) },
    { cacheKey: 'a/huge', task: 'Sales.load', state: 'Failed', endedAt: new Date(NOW - 4 * HOUR) },
  ]);
}

async function startOn(storage: ResultStorage): Promise<UiServer> {
  return startUiServer({
    inspector: new CacheInspector(storage, () => NOW),
    port: 0,
    host: '127.0.0.1',
    allowDelete: false,
    now: () => NOW,
  });
}

const keysIn = (page: string) => tableRows(page, 'records').map((cells) => cells[0]);

describe('the records page: filters, sorting and last use', () => {
  let directory: string;
  let server: UiServer;
  const get = (path: string) => send(`${server.url}${path.replace(/^\//, '')}`);

  beforeAll(async () => {
    directory = await makeTemporaryDirectory('ui-record-filters');
    await fill(new FileSystemStorage({ basePath: directory }));
    server = await startOn(new FileSystemStorage({ basePath: directory }));
  });
  afterAll(async () => {
    await server?.close();
    await removeDirectory(directory);
  });

  it('sorts by size, age or last use, either way, with a Last used column', async () => {
    const bySize = await get('/records?sort=size');
    expect(bySize.status).toBe(200);
    expect(keysIn(bySize.body)).toEqual(['a/huge', 'b/soon', 'b/later', 'a/old', 'b/gone', 'c/hostile']);
    expect(bySize.body).toContain('<th>Last used</th>');
    expect(bySize.body).toContain('Records 1–6 of 6 matching, sorted.');
    expect(bySize.body).toContain('<option value="size" selected>');
    const past = await get('/records?sort=size&offset=900');
    expect([past.status, keysIn(past.body)]).toEqual([200, []]);
    expect(past.body).toContain('This page is past the last of the 6 matching records.');
    expect(past.body).toContain('<a href="/records?sort=size">First page</a>');
    expect(keysIn((await get('/records?sort=size&reverse=1')).body)).toEqual([
      'c/hostile',
      'b/gone',
      'a/old',
      'b/later',
      'b/soon',
      'a/huge',
    ]);
    expect(keysIn((await get('/records?sort=age')).body)).toEqual([
      'a/huge',
      'a/old',
      'b/gone',
      'b/later',
      'c/hostile',
      'b/soon',
    ]);
    // Cached and Completed runs are uses, a failed one is not; records never used come last, with a dash.
    const used = tableRows((await get('/records?sort=last-used')).body, 'records');
    expect(used.map((cells) => [cells[0], cells[6]])).toEqual([
      ['a/old', '4 hours ago'],
      ['b/later', '5 hours ago'],
      ['a/huge', '—'],
      ['b/gone', '—'],
      ['b/soon', '—'],
      ['c/hostile', '—'],
    ]);
    // In key order too, every row says when it was last used.
    const inKeyOrder = tableRows((await get('/records')).body, 'records');
    expect(inKeyOrder.map((cells) => cells[6])).toEqual(['—', '4 hours ago', '—', '5 hours ago', '—', '—']);
  });

  it('filters by size, age and expiry, keeping the values typed in the form and the links', async () => {
    expect(keysIn((await get('/records?minSize=2.5kB')).body)).toEqual(['a/huge', 'b/soon']);
    expect(keysIn((await get('/records?maxSize=1KiB')).body)).toEqual(['a/old', 'b/gone', 'c/hostile']);
    expect(keysIn((await get('/records?olderThan=7d')).body)).toEqual(['a/huge', 'a/old', 'b/gone']);
    expect(keysIn((await get('/records?newerThan=2d')).body)).toEqual(['b/soon', 'c/hostile']);
    // Live records expiring within a day: the expired one and those that never expire are left out.
    expect(keysIn((await get('/records?expiresWithin=24h')).body)).toEqual(['b/soon']);
    const page = await get('/records?olderThan=7d&maxSize=1KiB&sort=age&reverse=1');
    expect(keysIn(page.body)).toEqual(['b/gone', 'a/old']);
    expect(page.body).toContain('name="olderThan" value="7d"');
    expect(page.body).toContain('name="maxSize" value="1KiB"');
    expect(page.body).toContain('name="reverse" value="1" checked');
  });

  it('escapes what the store and the query hold', async () => {
    const page = await get(`/records?task=${encodeURIComponent(HOSTILE_TASK)}&minSize=${encodeURIComponent('1"><b>')}`);
    expect(page.status).toBe(400);
    expect(page.body).toContain('The parameter minSize takes a size');
    expect(page.body).toContain('&quot;1&quot;&gt;&lt;b&gt;&quot;');
    expect(page.body).not.toContain('<b>');
    const listed = await get(`/records?sort=size&task=${encodeURIComponent(HOSTILE_TASK)}`);
    expect(keysIn(listed.body)).toEqual(['c/hostile']);
    expect(listed.body).not.toContain('<img');
    expect(listed.body).toContain('&lt;img src=x onerror=alert(1)&gt;.run');
  });

  it('answers a value it cannot use with a 400 page naming the parameter and what it takes', async () => {
    const refusals: [string, string][] = [
      ['minSize=1XB', 'The parameter minSize takes a size: bytes, or with a unit (512KiB, 1MB, 2.5GiB)'],
      ['maxSize=-3', 'The parameter maxSize takes a size'],
      ['minSize=2KB&maxSize=1KB', 'The parameter minSize takes a size no larger than maxSize (1KB)'],
      ['olderThan=soon', 'The parameter olderThan takes how long ago (30m, 24h, 7d, 2w, P1M) or a time'],
      ['newerThan=7x', 'The parameter newerThan takes how long ago'],
      ['olderThan=3d&newerThan=1d', 'The parameter newerThan takes a time before olderThan (3d)'],
      ['expiresWithin=2026-12-01', 'The parameter expiresWithin takes how long from now'],
      ['sort=name', 'The parameter sort takes one of size, age, last-used; it was given &quot;name&quot;.'],
      ['sort=size&reverse=yes', 'The parameter reverse takes 1 (the other order) or nothing'],
      ['sort=size&offset=-50', 'The parameter offset takes a whole number, 0 or more'],
      ['sort=size&offset=1e3', 'The parameter offset takes a whole number'],
    ];
    for (const [query, message] of refusals) {
      const answer = await get(`/records?${query}`);
      expect([query, answer.status, answer.body.includes(message)]).toEqual([query, 400, true]);
    }
  });

  it('keeps the sort and the filters in the return address of the invalidate form, and nothing else', () => {
    const path = '/records?sort=last-used&reverse=1&offset=50&minSize=1MB&olderThan=7d&expiresWithin=24h&x=1';
    const query = recordsQueryOfPath(path);
    expect(recordsUrl(query)).toBe(
      '/records?minSize=1MB&olderThan=7d&expiresWithin=24h&sort=last-used&reverse=1&offset=50',
    );
    expect(recordsQueryOfPath('//attacker.example/records?sort=size')).toBeUndefined();
  });
});

describe('the records page sorted, page after page', () => {
  it('on files: pages by offset with the sort and filters in the links, every record once, in order', async () => {
    const directory = await makeTemporaryDirectory('ui-record-pages');
    const storage = new FileSystemStorage({ basePath: directory });
    await fillRecordStore(storage, { records: 130, flowRuns: 6, now: NOW });
    const server = await startOn(storage);
    try {
      const expected = (
        await new CacheInspector(storage, () => NOW).sortedRecords({ minBytes: 2000 }, { sort: 'size', limit: 1000 })
      ).records.map((record) => record.key);
      expect(expected.length).toBeGreaterThan(100);
      const seen: string[] = [];
      let path: string | undefined = '/records?minSize=2000&sort=size';
      let pages = 0;
      while (path !== undefined) {
        const answer = await send(`${server.url}${path.slice(1)}`);
        expect(answer.status).toBe(200);
        seen.push(...keysIn(answer.body));
        pages++;
        const next = /<a href="([^"]+)" id="next-page">/.exec(answer.body)?.[1];
        path = next?.replace(/&amp;/g, '&');
        if (path !== undefined) expect(path).toBe(`/records?minSize=2000&sort=size&offset=${50 * pages}`);
      }
      expect(seen).toEqual(expected);
      expect(pages).toBe(Math.ceil(expected.length / 50));
    } finally {
      await server.close();
      await removeDirectory(directory);
    }
  });

  it('on S3 (s3rver): the same filters, sort and last use', async () => {
    const s3 = await startS3rver({ bucket: 'ui-record-filters' });
    const storage = new S3Storage({ client: s3.createClient(), bucket: 'ui-record-filters', prefix: 'team' });
    await fill(storage);
    const server = await startOn(storage);
    try {
      const answer = await send(`${server.url}records?sort=last-used&olderThan=1d`);
      expect(answer.status).toBe(200);
      expect(tableRows(answer.body, 'records').map((cells) => [cells[0], cells[6]])).toEqual([
        ['a/old', '4 hours ago'],
        ['b/later', '5 hours ago'],
        ['a/huge', '—'],
        ['b/gone', '—'], // c/hostile is exactly a day old: not older
      ]);
      expect(keysIn((await send(`${server.url}records?minSize=2.5kB&sort=size`)).body)).toEqual(['a/huge', 'b/soon']);
      expect((await send(`${server.url}records?sort=bad`)).status).toBe(400);
    } finally {
      await server.close();
      await s3.close();
    }
  });
});
