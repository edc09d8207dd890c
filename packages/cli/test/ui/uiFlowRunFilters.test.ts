import 'reflect-metadata';
import type { ResultStorage } from '@flowcache/core';
import { CacheInspector } from '@flowcache/core/records';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { S3Storage } from '@flowcache/storage-s3';
import { startUiServer, type UiServer } from '../../src/ui/startUiServer';
import { startS3rver, type S3rverFixture } from '../../../storage-s3/test/support/s3rverFixture';
import { makeTemporaryDirectory, removeDirectory } from '../../../../test/support/temporaryDirectory';
import { fillFilterFixture, HOSTILE_FLOW, NIGHTLY_RUNS } from './support/flowRunFilterFixture';
import { tableRows } from './support/htmlTable';
import { send } from './support/http';
import { BOLD_NOTE } from './support/warehouse';

jest.setTimeout(60_000);

// Past the 200 run-history objects the inspector reads for one page.
const OTHER_RUNS = 230;

/** The flow runs page's server, on a storage filled by `fillFilterFixture`. */
function pageReader(server: () => UiServer) {
  const get = async (query: Record<string, string>) => {
    const answer = await send(`${server().url.replace(/\/$/, '')}/?${new URLSearchParams(query)}`);
    return { ...answer, rows: tableRows(answer.body, 'flow-runs') };
  };
  const follow = async (body: string, id: string) => {
    const href = new RegExp(`<a href="([^"]*)" id="${id}">`).exec(body)?.[1];
    if (href === undefined) throw new Error(`no link #${id} in the page`);
    const answer = await send(`${server().url.replace(/\/$/, '')}${href.replace(/&amp;/g, '&')}`);
    return { ...answer, href, rows: tableRows(answer.body, 'flow-runs') };
  };
  return { get, follow };
}

async function startServer(storage: ResultStorage, now: number): Promise<UiServer> {
  const inspector = new CacheInspector(storage);
  return startUiServer({ inspector, port: 0, host: '127.0.0.1', allowDelete: false, now: () => now });
}

describe('flowcache ui: filtering flow runs (files)', () => {
  const now = Date.now();
  let directory: string;
  let server: UiServer;
  const { get, follow } = pageReader(() => server);

  beforeAll(async () => {
    directory = await makeTemporaryDirectory('ui-filters');
    const storage = new FileSystemStorage({ basePath: directory });
    await fillFilterFixture(storage, now, OTHER_RUNS);
    server = await startServer(storage, now);
  });
  afterAll(async () => {
    await server?.close();
    await removeDirectory(directory);
  });

  it('by flow: a page of 25, and "Older runs" keeps the filter', async () => {
    const first = await get({ flow: 'Planted.nightly' });
    expect(first.status).toBe(200);
    expect(first.rows).toHaveLength(25);
    expect(new Set(first.rows.map((cells) => cells[0]))).toEqual(new Set(['Planted.nightly']));
    expect(first.body).toContain('<input name="flow" value="Planted.nightly"');
    const older = await follow(first.body, 'older-runs');
    expect(older.href).toMatch(/^\/\?flow=Planted.nightly&amp;cursor=/);
    expect(older.rows.map((cells) => cells[0])).toEqual(Array(NIGHTLY_RUNS - 25).fill('Planted.nightly'));
    const newest = await follow(older.body, 'newest-runs');
    expect(newest.href).toBe('/?flow=Planted.nightly');
  });

  it('by state, period and parameter, combined', async () => {
    const failed = await get({ flow: 'Planted.nightly', state: 'Failed' });
    expect(failed.rows.map((cells) => cells[1])).toEqual(Array(6).fill('Failed'));
    expect(failed.body).toContain('<option value="Failed" selected>Failed</option>');
    // Started 0.5 … 9.5 hours ago, of them not in the last 2 hours: 2.5 … 9.5.
    expect((await get({ flow: 'Planted.nightly', since: '10h', until: '2h' })).rows).toHaveLength(8);
    const north = await get({ flow: 'Planted.nightly', param: 'region=north' });
    expect(north.rows).toHaveLength(NIGHTLY_RUNS / 2);
    expect(north.body).toContain('<input name="param" value="region=north"');
    expect((await get({ flow: 'Planted.nightly', param: 'region=north', state: 'Failed', since: '1d' })).rows).toEqual(
      // Failed hours 4, 14 (even, so north) within the day: 4.5 and 14.5 hours ago.
      [expect.arrayContaining(['Planted.nightly', 'Failed']), expect.arrayContaining(['Planted.nightly', 'Failed'])],
    );
  });

  it('goes on past the runs one page reads, when a filter matches few', async () => {
    const first = await get({ flow: 'Rare.flow' });
    expect(first.rows).toEqual([]);
    expect(first.body).toContain(
      'No flow run matches the filter among the runs looked at so far (Older runs looks further back).',
    );
    const older = await follow(first.body, 'older-runs');
    expect(older.rows.map((cells) => cells[0])).toEqual(['Rare.flow']);
  });

  it('says when no flow run matches, with a link that clears the filter', async () => {
    const none = await get({ flow: 'Nobody.flow', since: '1d' });
    expect(none.body).toContain('<p id="no-flow-runs">No flow run matches the filter.');
    expect(none.body).toContain('<a href="/" id="clear-filter">Clear the filter</a>');
  });

  it.each([
    [{ state: 'Cached' }, 'The filter field "state" accepts Completed or Failed (or nothing, for both); got "Cached".'],
    [
      { since: 'last tuesday' },
      'The filter field "since" accepts a time (2026-12-01, 2026-12-01T08:00) or how long ago',
    ],
    [{ until: '5 parsecs' }, 'The filter field "until" accepts a time'],
    [{ param: 'north' }, 'The filter field "param" accepts name=value (region=north, days=3); got "north".'],
    [{ since: '1d', until: '7d' }, 'The filter field "since" accepts a time before "until"'],
  ])('answers 400 naming the field for %j', async (query, message) => {
    const answer = await get(query);
    expect(answer.status).toBe(400);
    expect(answer.body).toContain(message.replace(/"/g, '&quot;'));
  });

  it('escapes what the query and the store hold, in the form and the table', async () => {
    const typed = '"><script>window.__pwned=1</script>';
    const echoed = await get({ flow: typed });
    expect(echoed.status).toBe(200);
    expect(echoed.body).toContain('value="&quot;&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;"');
    expect(echoed.body).not.toContain('<script>');
    const hostile = await get({ since: '3d', until: '1d', flow: HOSTILE_FLOW });
    expect(hostile.rows.map((cells) => cells[0])).toEqual([HOSTILE_FLOW]);
    expect(hostile.body).not.toContain('<img');
    expect(hostile.body).toContain('<option value="&quot;&gt;&lt;img src=x onerror=&quot;window.__pwned=3&quot;&gt;">');
    const bold = await get({ param: `note=${BOLD_NOTE}` });
    expect(bold.rows.map((cells) => cells[0])).toEqual(['Warehouse.restock']);
    expect(bold.body).not.toContain('<b>');
  });
});

describe('flowcache ui: filtering flow runs on S3 (s3rver)', () => {
  const now = Date.now();
  let s3: S3rverFixture;
  let server: UiServer;
  const { get, follow } = pageReader(() => server);

  beforeAll(async () => {
    s3 = await startS3rver({ bucket: 'ui-filters' });
    const storage = new S3Storage({ client: s3.createClient(), bucket: 'ui-filters', prefix: 'team' });
    await fillFilterFixture(storage, now);
    server = await startServer(storage, now);
  });
  afterAll(async () => {
    await server?.close();
    await s3?.close();
  });

  it('filters by flow, state, period and parameter, and pages with the filter kept', async () => {
    const first = await get({ flow: 'Planted.nightly', until: '1h' });
    expect(first.rows).toHaveLength(25);
    const older = await follow(first.body, 'older-runs');
    expect(older.rows).toHaveLength(NIGHTLY_RUNS - 1 - 25);
    expect(older.body).not.toContain('id="older-runs"');
    expect((await get({ state: 'Failed', param: 'region=south' })).rows).toHaveLength(3);
    expect((await get({ param: `note=${BOLD_NOTE}` })).rows.map((cells) => cells[0])).toEqual(['Warehouse.restock']);
  });
});
