import 'reflect-metadata';
import { Engine } from '@flowcache/core';
import { CacheInspector, type FlowRunSummary } from '@flowcache/core/records';
import { FileSystemStorage } from '@flowcache/storage-fs';
import type { Browser, Page } from 'playwright-core';
import { startUiServer, type UiServer } from '../../src/ui/startUiServer';
import { describeInChromium, launchChromium } from './support/chromium';
import { Batch, Pipeline } from './support/pipeline';
import { screenshotPath } from './support/screenshots';
import { makeTemporaryDirectory, removeDirectory } from '../../../../test/support/temporaryDirectory';

// Generous limits for a slow CI machine, not assertions about speed; a stuck wait fails with Playwright's message.
jest.setTimeout(60_000);

const TASK_RUNS = 5_000;

/** The flow-run page's timeline as a person sees it, on real run history made by an engine on files. */
describeInChromium('flowcache ui flow-run timeline in Chromium', () => {
  let directory: string;
  let server: UiServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let nightly: FlowRunSummary;
  let batch: FlowRunSummary;

  beforeAll(async () => {
    directory = await makeTemporaryDirectory('ui-timeline');
    const storage = new FileSystemStorage({ basePath: directory });
    const pipeline = new Engine({ storage }).attach(new Pipeline());
    await pipeline.nightly('2026-12-06', '2026-12-05', ['north', 'south']);
    await pipeline.nightly('2026-12-07', '2026-12-06', ['north', 'south', 'west']);
    // runHistoryDetail at its default: 1 000 task runs kept in detail, 4 000 counted.
    await new Engine({ storage }).attach(new Batch()).importAll(TASK_RUNS);
    const inspector = new CacheInspector(storage);
    const { flowRuns } = await inspector.flowRuns();
    [batch, nightly] = flowRuns;
    server = await startUiServer({ inspector, port: 0, host: '127.0.0.1', allowDelete: false });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 240 } });
    page.setDefaultTimeout(10_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (directory !== undefined) await removeDirectory(directory);
  });

  const stateCounts = (states: readonly string[]) => {
    const counts: Record<string, number> = {};
    for (const state of states) counts[state] = (counts[state] ?? 0) + 1;
    return counts;
  };

  it('draws a real flow run: misses long, hits 2 px, the subflow with its task runs under it', async () => {
    await page.goto(`${server!.url}runs/${nightly.flowRunId}`);
    const rows = await page.locator('#timeline g.timeline-row').evaluateAll((groups) =>
      groups.map((group) => {
        const rect = group.querySelector('rect');
        return {
          depth: Number(group.getAttribute('data-depth')),
          label: group.querySelector('.row-label')?.textContent,
          state: rect?.getAttribute('data-state'),
          width: Number(rect?.getAttribute('width')),
        };
      }),
    );
    expect(rows.map(({ depth, label, state }) => [depth, label, state])).toEqual([
      [0, 'Pipeline.loadSales', 'Cached'],
      [0, 'Pipeline.loadSales', 'Completed'],
      [0, 'Pipeline.regions', 'Completed'],
      [1, 'Pipeline.loadRegion', 'Cached'],
      [1, 'Pipeline.loadRegion', 'Cached'],
      [1, 'Pipeline.loadRegion', 'Completed'],
      [0, 'Pipeline.buildReport', 'Completed'],
    ]);
    const hits = rows.filter((row) => row.state === 'Cached');
    const misses = rows.filter(
      (row) => row.state === 'Completed' && row.depth === 0 && row.label !== 'Pipeline.regions',
    );
    // A 60 ms miss is a long bar; a hit a sliver, however fast it was.
    for (const hit of hits) expect(hit.width).toBeLessThan(Math.min(...misses.map((miss) => miss.width)));
    for (const hit of hits) expect(hit.width).toBeGreaterThanOrEqual(2);
    await expect(page.locator('#timeline-summary').textContent()).resolves.toBe(
      '6 task runs, all drawn on the time axis.',
    );
    await page.screenshot({ path: screenshotPath('ui-timeline.png'), fullPage: true });

    // The subflow's bar opens its page; a bar of its task runs, their rows there.
    await page.locator('#timeline .subflow-row a').last().click();
    await page.waitForURL(new RegExp(`/runs/${nightly.subflows[0].flowRunId}\\?in=${nightly.flowRunId}$`));
    await expect(page.locator('#timeline rect.bar').count()).resolves.toBe(3);
  });

  it(`draws a flow run of ${TASK_RUNS} task runs: 500 bars, the rest counted per task, and the totals`, async () => {
    const counted = batch.moreTaskRuns.reduce((sum, task) => sum + task.count, 0);
    expect([batch.taskRuns.length, counted]).toEqual([1_000, 4_000]);
    await page.goto(`${server!.url}runs/${batch.flowRunId}`);

    const bars = await page
      .locator('#timeline rect.bar')
      .evaluateAll((rects) => rects.map((rect) => rect.getAttribute('data-state')!));
    expect(stateCounts(bars)).toEqual(stateCounts(batch.taskRuns.slice(0, 500).map((taskRun) => taskRun.state)));
    const labels = await page.locator('#timeline g.timeline-row .row-label').allTextContents();
    expect(labels).toEqual(batch.taskRuns.slice(0, 500).map((taskRun) => taskRun.taskName));
    await expect(page.locator('#timeline-summary').textContent()).resolves.toBe(
      '5 000 task runs: 500 drawn on the time axis, 4 500 counted only ' +
        "(4 000 beyond the runHistoryDetail setting, 500 beyond the chart's 500 rows).",
    );
    const countedRows = await page.locator('#timeline g.counted-row').evaluateAll((groups) =>
      groups.map((group) => ({
        label: group.querySelector('.row-label')?.textContent,
        segments: Object.fromEntries(
          [...group.querySelectorAll('rect.counted-bar')].map((rect) => [
            rect.getAttribute('data-state'),
            Number(rect.getAttribute('data-count')),
          ]),
        ),
      })),
    );
    expect(countedRows).toEqual([
      { label: '2 250 more runs of Batch.fetch', segments: { Completed: 1_125, Cached: 1_125 } },
      { label: '2 250 more runs of Batch.parse', segments: { Completed: 1_125, Cached: 1_125 } },
    ]);

    await page.locator('#timeline .counted-heading').scrollIntoViewIfNeeded();
    await page.screenshot({ path: screenshotPath('ui-timeline-counted.png') });

    // A bar goes to its task run's row in the table below.
    const target = batch.taskRuns[321];
    await page.locator(`#timeline a[href="#task-run-${target.taskRunId}"]`).click();
    await page.waitForURL(new RegExp(`#task-run-${target.taskRunId}$`));
    await expect(page.locator('tr:target').getAttribute('id')).resolves.toBe(`task-run-${target.taskRunId}`);
    await expect(page.locator('tr:target').isVisible()).resolves.toBe(true);
    await page.screenshot({ path: screenshotPath('ui-timeline-5000.png') });
  });
});
