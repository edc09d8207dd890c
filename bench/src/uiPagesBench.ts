import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CacheInspector } from '@flowcache/core/records';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { writeHistoryFixture } from '../../packages/cli/test/ui/support/historyFixture';
import { send } from '../../packages/cli/test/ui/support/http';
import { startUiServer } from '../../packages/cli/src/ui/startUiServer';

const RECORDS = 10_000;
const FLOW_RUNS = 3000;
const ROUNDS = 7;
const PAGES = ['/stats?period=7d', '/stats', '/trends', '/trends?period=30d&bucket=hour', '/trends?task=Reports.load'];

/**
 * How long the web UI's stats and trends pages take over 10 000 records and 3 000 flow runs (one every ten
 * minutes, three task runs each) on files: the median of a few GETs through the server, each page read whole.
 */
export async function benchUiPages(): Promise<void> {
  console.log(`\nWeb UI pages: ${RECORDS} records, ${FLOW_RUNS} flow runs on files (median of ${ROUNDS} GETs)`);
  const directory = await mkdtemp(path.join(tmpdir(), 'flowcache-bench-ui-'));
  const storage = new FileSystemStorage({ basePath: directory });
  const now = Date.now();
  await writeHistoryFixture(storage, { now, flowRuns: FLOW_RUNS, spacingMs: 10 * 60_000, records: RECORDS });
  const server = await startUiServer({
    inspector: new CacheInspector(storage),
    port: 0,
    host: '127.0.0.1',
    allowDelete: false,
  });
  try {
    for (const page of PAGES) {
      const url = `${server.url}${page.slice(1)}`;
      await get(url); // warm-up
      const times: number[] = [];
      let bytes = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const started = process.hrtime.bigint();
        bytes = (await get(url)).length;
        times.push(Number(process.hrtime.bigint() - started) / 1e6);
      }
      times.sort((a, b) => a - b);
      const median = times[ROUNDS >> 1];
      console.log(`  ${page.padEnd(34)} ${median.toFixed(0).padStart(6)} ms   ${(bytes / 1024).toFixed(0)} KiB`);
    }
  } finally {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  }
}

async function get(url: string): Promise<string> {
  const { status, body } = await send(url);
  if (status !== 200) throw new Error(`GET ${url}: ${status}`);
  return body;
}
