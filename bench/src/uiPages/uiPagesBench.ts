import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CacheInspector } from '@flowcache/core/records';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { startUiServer } from '../../../packages/cli/src/ui/startUiServer';
import { fillRecordStore } from '../../../packages/cli/test/ui/support/recordStore';
import { UI_PAGES } from './uiPageList';

const RECORDS = 10_000;
const FLOW_RUNS = 300;
const GOAL_MS = 1000;
const SAMPLES = 7;

/**
 * Issue 20's figure: the web UI's pages render in ≤ 1 s over 10 000 records (four tasks, sizes, ages and expiries
 * spread) and 300 flow runs of 20 task runs each, in a FileSystemStorage. Each page is fetched once to warm up,
 * then `SAMPLES` times; the median is printed against the goal.
 */
export async function benchUiPages(): Promise<void> {
  console.log(`\nWeb UI pages: median GET over ${RECORDS} records and ${FLOW_RUNS} flow runs (goal ≤ ${GOAL_MS} ms)`);
  const directory = await mkdtemp(path.join(tmpdir(), 'flowcache-bench-ui-'));
  const storage = new FileSystemStorage({ basePath: directory });
  const seeded = Date.now();
  await fillRecordStore(storage, { records: RECORDS, flowRuns: FLOW_RUNS, now: Date.now() });
  console.log(`  seeded in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);
  const server = await startUiServer({
    inspector: new CacheInspector(storage),
    port: 0,
    host: '127.0.0.1',
    allowDelete: false,
    now: Date.now,
  });
  try {
    for (const { name, path: pagePath } of UI_PAGES) {
      const url = new URL(pagePath, server.url).href;
      await timedGet(url);
      const times: number[] = [];
      for (let sample = 0; sample < SAMPLES; sample++) times.push(await timedGet(url));
      const median = times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
      const verdict = median <= GOAL_MS ? 'within 1 s' : 'OVER 1 s';
      console.log(`  ${name.padEnd(24)} ${median.toFixed(0).padStart(6)} ms   ${verdict}   ${pagePath}`);
    }
  } finally {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  }
}

// The time to the last byte of one GET; anything but a 200 stops the bench (a page that fails is not fast).
function timedGet(url: string): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    request(url, { agent: false }, (response) => {
      response.resume();
      response.on('end', () => {
        if (response.statusCode !== 200) reject(new Error(`${url} answered ${response.statusCode}`));
        else resolve(Number(process.hrtime.bigint() - started) / 1e6);
      });
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}
