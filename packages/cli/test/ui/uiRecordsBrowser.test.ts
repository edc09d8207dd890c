import type { Page } from 'playwright-core';
import { describeInChromium } from './support/chromium';
import { type ChromiumUi, openUiInChromium } from './support/chromiumUi';
import { fillRecordStore } from './support/recordStore';
import { screenshotPath } from './support/screenshots';

// Generous limits for a slow CI machine, not assertions about speed; a stuck wait fails with Playwright's message.
jest.setTimeout(30_000);

const DAY = 24 * 3_600_000;
const UNITS: Readonly<Record<string, number>> = { B: 1, KiB: 1024, MiB: 1024 ** 2 };

// The Size column's text back in bytes, as precisely as it is shown ("12.5 KiB").
function bytesOf(text: string): number {
  const [number, unit] = text.trim().split(' ');
  return Number(number) * UNITS[unit];
}

describeInChromium('the records page in Chromium: sorting and filtering', () => {
  let ui: ChromiumUi | undefined;
  let page: Page;

  beforeAll(async () => {
    ui = await openUiInChromium('ui-records-browser', async (storage) => {
      await fillRecordStore(storage, { records: 400, flowRuns: 24, now: Date.now() });
    });
    page = ui.page;
  }, 60_000);

  afterAll(() => ui?.close());

  it('sorts by size and keeps records older than 7 days, page after page, saying when each was last used', async () => {
    await page.goto(`${ui!.server.url}records`);
    await page.selectOption('select[name="sort"]', 'size');
    await page.fill('input[name="olderThan"]', '7d');
    await page.click('form.filters button[type="submit"]');
    await page.waitForURL(/olderThan=7d/);
    expect(new URL(page.url()).searchParams.get('sort')).toBe('size');

    const sizes = (await page.locator('#records tbody tr td:nth-child(5)').allTextContents()).map(bytesOf);
    expect(sizes).toHaveLength(50);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    const weekAgo = Date.now() - 7 * DAY;
    const createdTimes = page.locator('#records tbody tr td:nth-child(3) time');
    const created = await Promise.all(
      (await createdTimes.all()).map(async (time) => Date.parse((await time.getAttribute('datetime')) ?? '')),
    );
    expect(created).toHaveLength(50);
    expect(created.every((time) => time < weekAgo)).toBe(true);
    const lastUsed = await page.locator('#records tbody td.last-used').allTextContents();
    expect(lastUsed.some((text) => text === '—')).toBe(true);
    expect(lastUsed.some((text) => /ago$/.test(text))).toBe(true);
    const range = await page.locator('#records-range').textContent();
    const total = Number(/of (\d+) matching/.exec(range ?? '')?.[1]);
    expect(range).toMatch(/^Records 1–50 of \d+ matching, sorted\.$/);
    expect(total).toBeGreaterThan(100);
    await page.screenshot({ path: screenshotPath('ui-records-sorted.png'), fullPage: true });

    await page.click('#next-page');
    await page.waitForURL(/offset=50/);
    const next = (await page.locator('#records tbody tr td:nth-child(5)').allTextContents()).map(bytesOf);
    expect(next[0]).toBeLessThanOrEqual(sizes[49]);
    await expect(page.locator('input[name="olderThan"]').inputValue()).resolves.toBe('7d');
    await expect(page.locator('#records-range').textContent()).resolves.toBe(
      `Records 51–100 of ${total} matching, sorted.`,
    );
  });
});
