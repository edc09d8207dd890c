import { CacheInspector } from '@flowcache/core/records';
import { FileSystemStorage } from '@flowcache/storage-fs';
import type { Browser, Page } from 'playwright-core';
import { makeTemporaryDirectory, removeDirectory } from '../../../../test/support/temporaryDirectory';
import { startUiServer, type UiServer } from '../../src/ui/startUiServer';
import { describeInChromium, launchChromium } from './support/chromium';
import { type HistoryFixture, writeHistoryFixture } from './support/historyFixture';
import { screenshotPath } from './support/screenshots';

// Generous limits for a slow CI machine, not assertions about speed; a stuck wait fails with Playwright's message.
jest.setTimeout(60_000);

const DAY = 24 * 3_600_000;
// A fixed clock, 2026-12-07 10:30 UTC: the screenshot shows the same days on every run.
const NOW = Date.UTC(2026, 11, 7, 10, 30);

/** Sums the `data-value` of a chart's bars or points by series, as the browser laid them out. */
function valuesBySeries(page: Page, selector: string): Promise<Record<string, number>> {
  return page.locator(selector).evaluateAll((marks) => {
    const sums: Record<string, number> = {};
    for (const mark of marks) {
      const series = mark.getAttribute('data-state') ?? mark.getAttribute('data-series') ?? '';
      sums[series] = (sums[series] ?? 0) + Number(mark.getAttribute('data-value'));
    }
    return sums;
  });
}

/** The texts of the charts that the browser drew (partly) outside their chart, where they are cut off. */
function labelsOutsideTheirChart(page: Page): Promise<string[]> {
  return page.locator('svg.chart text').evaluateAll((texts) =>
    texts.flatMap((text) => {
      const chart = text.closest('svg')!.getBoundingClientRect();
      const label = text.getBoundingClientRect();
      const inside = label.left >= chart.left && label.right <= chart.right && label.bottom <= chart.bottom;
      return inside ? [] : [text.textContent ?? ''];
    }),
  );
}

describeInChromium('flowcache ui trends in Chromium', () => {
  let directory: string;
  let fixture: HistoryFixture;
  let server: UiServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    directory = await makeTemporaryDirectory('ui-trends-browser');
    const storage = new FileSystemStorage({ basePath: directory });
    // 3 000 flow runs, one every five minutes: ten and a half days of history, 9 000 task runs.
    fixture = await writeHistoryFixture(storage, {
      now: NOW - 60_000,
      flowRuns: 3000,
      spacingMs: 5 * 60_000,
      records: 600,
    });
    server = await startUiServer({
      inspector: new CacheInspector(storage),
      port: 0,
      host: '127.0.0.1',
      allowDelete: false,
      now: () => NOW,
    });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 240 } });
    page.setDefaultTimeout(20_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (directory !== undefined) await removeDirectory(directory);
  });

  it('draws the last 7 days by day: bars by state, hit ratio points and captions that match the history', async () => {
    await page.goto(`${server!.url}trends`);
    await page.locator('header a', { hasText: 'Trends' }).waitFor();
    const expected = fixture.countSince(NOW - 7 * DAY);
    await expect(valuesBySeries(page, '#trend-states rect.bar')).resolves.toEqual({
      Completed: expected.Completed,
      Cached: expected.Cached,
      Failed: expected.Failed,
    });
    const calls = expected.Completed + expected.Cached + expected.Failed;
    const caption = await page.locator('#trend-states-total').textContent();
    expect(caption).toContain(`${String(calls).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')} task runs: `);
    // Eight days have calls (the one the period starts in, and the seven since): one point each, each with its
    // tooltip.
    await expect(page.locator('#trend-hit-ratio circle.point').count()).resolves.toBe(8);
    await expect(page.locator('#trend-hit-ratio circle.point title').first().textContent()).resolves.toMatch(
      /^2026-11-30 UTC: \d+(\.\d)? % \(\d+ of \d+ calls\)$/,
    );
    const box = await page.locator('#trend-states').boundingBox();
    expect(box?.width).toBeGreaterThan(900);
    // Every label shows whole: the last day's date sits on the right edge of the time axis.
    await expect(labelsOutsideTheirChart(page)).resolves.toEqual([]);
    await page.screenshot({ path: screenshotPath('ui-trends.png'), fullPage: true });
  });

  it('counts one task with the task filter', async () => {
    await page.locator('select[name="task"]').selectOption('Reports.publish');
    await page.locator('form.filters button').click();
    await page.waitForURL(/\/trends\?period=7d&bucket=day&task=Reports\.publish$/);
    const expected = fixture.countSince(NOW - 7 * DAY, 'Reports.publish');
    await expect(valuesBySeries(page, '#trend-states rect.bar')).resolves.toEqual({
      Completed: expected.Completed,
      Failed: expected.Failed,
    });
    await expect(page.locator('#trend-time rect.bar').count()).resolves.toBe(8); // time spent only: no hits
    const stored = fixture.records.get('Reports.publish');
    expect(stored).toBeUndefined(); // the fixture stores records of load and total only
    await expect(page.locator('#trend-storage-empty').textContent()).resolves.toBe('No records stored.');
  });

  it('draws 24 hours by the hour', async () => {
    await page.goto(`${server!.url}trends?period=24h`);
    const expected = fixture.countSince(NOW - DAY);
    await expect(valuesBySeries(page, '#trend-states rect.bar')).resolves.toEqual({
      Completed: expected.Completed,
      Cached: expected.Cached,
      Failed: expected.Failed,
    });
    await expect(page.locator('#trend-hit-ratio circle.point').count()).resolves.toBe(25);
  });
});
