import type { Page } from 'playwright-core';
import { formatBytes, formatDuration, formatRatio } from '../../src/shared/formatValues';
import { describeInChromium } from './support/chromium';
import { type ChromiumUi, openUiInChromium } from './support/chromiumUi';
import { FIXTURE_TASKS, type HistoryFixture, writeHistoryFixture } from './support/historyFixture';
import { screenshotPath } from './support/screenshots';

// Generous limits for a slow CI machine, not assertions about speed; a stuck wait fails with Playwright's message.
jest.setTimeout(60_000);

const DAY = 24 * 3_600_000;
const NOW = Date.UTC(2026, 11, 7, 10, 30);

describeInChromium('flowcache ui stats in Chromium', () => {
  let ui: ChromiumUi | undefined;
  let fixture: HistoryFixture;
  let page: Page;

  beforeAll(async () => {
    ui = await openUiInChromium(
      'ui-stats-browser',
      async (storage) => {
        // 2 000 flow runs, one every ten minutes: nearly fourteen days of history.
        fixture = await writeHistoryFixture(storage, {
          now: NOW - 60_000,
          flowRuns: 2000,
          spacingMs: 10 * 60_000,
          records: 300,
        });
      },
      { now: () => NOW },
    );
    page = ui.page;
  }, 120_000);

  afterAll(() => ui?.close());

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
    const flowRuns = Math.floor((NOW - 60_000 - since) / (10 * 60_000)) + 1;
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
      'Records stored': `300 (${formatBytes(
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
