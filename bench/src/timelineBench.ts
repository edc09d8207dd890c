import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CacheInspector } from '@flowcache/core/records';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { startUiServer } from '../../packages/cli/src/ui/startUiServer';
import { send } from '../../packages/cli/test/ui/support/http';
import { busyFlowRun, writeRunHistory } from '../../packages/cli/test/ui/support/runHistoryBuilder';

const TASK_RUNS = 5_000;
const REQUESTS = 15;

/**
 * What the web UI's flow-run page costs for a flow run of 5 000 task runs (1 000 kept in detail, as the default
 * `runHistoryDetail` keeps them, 4 000 counted): the time to answer its GET through the server, from the request
 * to the last byte (reading the history from files, laying out and drawing the timeline, the table), median of 15
 * after one to warm up, and the page's size.
 */
export async function benchTimeline(): Promise<void> {
  console.log(`\nFlow-run page with its timeline: a flow run of ${TASK_RUNS} task runs, on files`);
  const directory = await mkdtemp(path.join(tmpdir(), 'flowcache-bench-timeline-'));
  const storage = new FileSystemStorage({ basePath: directory });
  const run = busyFlowRun(new Date(), { count: TASK_RUNS, tasks: ['Batch.fetch', 'Batch.parse'] });
  await writeRunHistory(storage, [run]);
  const server = await startUiServer({
    inspector: new CacheInspector(storage),
    port: 0,
    host: '127.0.0.1',
    allowDelete: false,
  });
  try {
    const url = `${server.url}runs/${run.flowRunId}`;
    const warm = await send(url);
    if (warm.status !== 200 || !warm.body.includes('5 000 task runs: 500 drawn')) {
      throw new Error(`the page answered ${warm.status} without the timeline's totals`);
    }
    const times: number[] = [];
    for (let request = 0; request < REQUESTS; request++) {
      const started = process.hrtime.bigint();
      await send(url);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    times.sort((a, b) => a - b);
    const median = times[Math.floor(times.length / 2)];
    const kib = (text: string) => (Buffer.byteLength(text) / 1024).toFixed(0);
    const chart = /<svg class="chart" id="timeline"[\s\S]*?<\/svg>/.exec(warm.body)?.[0] ?? '';
    console.log(
      `  GET /runs/<id>  median ${median.toFixed(1).padStart(7)} ms  (min ${times[0].toFixed(1)}, max ` +
        `${times[times.length - 1].toFixed(1)}, ${REQUESTS} requests)  page ${kib(warm.body)} KiB, ` +
        `of which the timeline ${kib(chart)} KiB`,
    );
  } finally {
    await server.close();
    await rm(directory, { recursive: true, force: true });
  }
}
