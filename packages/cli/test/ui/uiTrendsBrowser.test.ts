import type { Page } from 'playwright-core';
import { formatBytes, formatDuration, formatRatio } from '../../src/shared/formatValues';
import { describeInChromium } from './support/chromium';
import { type ChromiumUi, openUiInChromium } from './support/chromiumUi';
import { FIXTURE_TASKS, type HistoryFixture, writeHistoryFixture } from './support/historyFixture';
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

// The trends, stats and flow runs pages over one history of 3 000 flow runs.
describeInChromium('flowcache ui trends, stats and flow runs in Chromium', () => {
  let ui: ChromiumUi | undefined;
  let fixture: HistoryFixture;
  let page: Page;

  beforeAll(async () => {
    ui = await openUiInChromium(
      'ui-trends-browser',
      async (storage) => {
        // 3 000 flow runs, one every five minutes: ten and a half days of history, 9 000 task runs.
        fixture = await writeHistoryFixture(storage, {
          now: NOW - 60_000,
          flowRuns: 3000,
          spacingMs: 5 * 60_000,
          records: 600,
        });
      },
      { now: () => NOW },
    );
    page = ui.page;
  }, 120_000);

  afterAll(() => ui?.close());

  it('draws the last 7 days by day: bars by state, hit ratio points and captions that match the history', async () => {
    await page.goto(`${ui!.server.url}trends`);
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
    await page.goto(`${ui!.server.url}trends?period=24h`);
    const expected = fixture.countSince(NOW - DAY);
    await expect(valuesBySeries(page, '#trend-states rect.bar')).resolves.toEqual({
      Completed: expected.Completed,
      Cached: expected.Cached,
      Failed: expected.Failed,
    });
    await expect(page.locator('#trend-hit-ratio circle.point').count()).resolves.toBe(25);
  });

  it('lists the 3 000 flow runs newest first, 25 a page, and finds the failed ones of the last day', async () => {
    await page.goto(ui!.server.url);
    const rows = page.locator('#flow-runs tbody tr');
    await expect(rows.count()).resolves.toBe(25);
    await page.locator('#older-runs').click();
    await expect(rows.first().locator('a').getAttribute('href')).resolves.toBe('/runs/flow-25');

    await page.selectOption('#flow-run-filters select[name="state"]', 'Failed');
    await page.fill('#flow-run-filters input[name="since"]', '24h');
    await page.click('#flow-run-filters button[type="submit"]');
    await page.waitForURL(/state=Failed&since=24h/);
    // A run every five minutes, the first a minute ago: 288 in the last day, every tenth Failed. A page reads at
    // most 200 runs, so they come 20 then 9, and the period ends the list.
    const found: (string | null)[] = [];
    for (;;) {
      found.push(...(await rows.locator('a').evaluateAll((links) => links.map((link) => link.getAttribute('href')))));
      if ((await page.locator('#older-runs').count()) === 0) break;
      await page.locator('#older-runs').click();
    }
    expect(found).toEqual(Array.from({ length: 29 }, (_, index) => `/runs/flow-${index * 10}`));
  });

  /** The totals list as a reader sees it: label to text. */
  async function totals(): Promise<Record<string, string>> {
    const labels = await page.locator('#totals dt').allTextContents();
    const values = await page.locator('#totals dd').allTextContents();
    return Object.fromEntries(labels.map((label, index) => [label, values[index]]));
  }

  it('shows the totals of the last 7 days and one row per task, as the history holds them', async () => {
    await page.goto(`${ui!.server.url}stats`);
    await page.locator('select[name="period"]').selectOption('7d');
    await page.locator('form.filters button').click();
    await page.waitForURL(/\/stats\?period=7d$/);
    const since = NOW - 7 * DAY;
    const all = fixture.countSince(since);
    const calls = all.Completed + all.Cached + all.Failed;
    const flowRuns = Math.floor((NOW - 60_000 - since) / (5 * 60_000)) + 1;
    // Counts are grouped by thousands as on the other pages (`3 024`, as the Trends page writes them).
    const grouped = (count: number) => count.toLocaleString('en-US').replaceAll(',', ' ');
    expect(calls).toBeGreaterThan(999);
    await expect(totals()).resolves.toMatchObject({
      Period: 'the last 7 days',
      'Flow runs': grouped(flowRuns),
      'Task runs': grouped(calls),
      Hits: `${grouped(all.Cached)} (${formatRatio(all.Cached / calls)})`,
      'Compute time spent': formatDuration(20 * (all.Completed + all.Failed)),
      'Compute time saved': formatDuration(1500 * all.Cached),
      'Records stored': `600 (${formatBytes(
        [...fixture.records.values()].reduce((sum, { bytes }) => sum + bytes, 0),
      )})`,
    });
    const rows = await page
      .locator('#task-stats tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(rows).toEqual(
      [...FIXTURE_TASKS]
        .sort((a, b) => a.localeCompare(b))
        .map((task) => {
          const counts = fixture.countSince(since, task);
          const taskCalls = counts.Completed + counts.Cached + counts.Failed;
          const stored = fixture.records.get(task) ?? { count: 0, bytes: 0 };
          return [
            task,
            grouped(taskCalls),
            formatRatio(counts.Cached / taskCalls),
            formatDuration(20 * (counts.Completed + counts.Failed)),
            formatDuration(1500 * counts.Cached),
            grouped(stored.count),
            formatBytes(stored.bytes),
          ];
        }),
    );
    await page.screenshot({ path: screenshotPath('ui-stats.png'), fullPage: true });
  });
});
