import 'reflect-metadata';
import type { Page } from 'playwright-core';
import { describeInChromium } from './support/chromium';
import { type ChromiumUi, openUiInChromium } from './support/chromiumUi';
import { fillFilterFixture, HOSTILE_FLOW } from './support/flowRunFilterFixture';
import { screenshotPath } from './support/screenshots';

// Generous limits for a slow CI machine, not assertions about speed; a stuck wait fails with Playwright's message.
jest.setTimeout(30_000);

describeInChromium('flowcache ui in Chromium: filtering flow runs', () => {
  const now = Date.now();
  let ui: ChromiumUi | undefined;
  let page: Page;

  beforeAll(async () => {
    ui = await openUiInChromium(
      'ui-filters',
      async (storage) => {
        await fillFilterFixture(storage, now);
      },
      { now: () => now },
    );
    page = ui.page;
  }, 60_000);

  afterAll(() => ui?.close());

  it('fills the form, submits it and shows only the matching runs, the form keeping what was typed', async () => {
    await page.goto(ui!.server.url);
    await page.fill('#flow-run-filters input[name="flow"]', 'Planted.nightly');
    await page.selectOption('#flow-run-filters select[name="state"]', 'Failed');
    await page.fill('#flow-run-filters input[name="since"]', '1d');
    await page.fill('#flow-run-filters input[name="param"]', 'region=south');
    await page.click('#flow-run-filters button[type="submit"]');
    await page.waitForURL(/\?flow=Planted\.nightly&state=Failed&since=1d&until=&param=region%3Dsouth$/);

    const rows = page.locator('#flow-runs tbody tr');
    // Failed every fifth hour, south on odd hours, within the day: 9.5 and 19.5 hours ago.
    await expect(rows.count()).resolves.toBe(2);
    for (const text of await rows.allTextContents()) expect(text).toMatch(/Planted\.nightly[\s\S]*Failed/);
    await expect(page.inputValue('#flow-run-filters input[name="param"]')).resolves.toBe('region=south');
    await expect(page.inputValue('#flow-run-filters select[name="state"]')).resolves.toBe('Failed');
    await page.screenshot({ path: screenshotPath('ui-runs-filtered.png'), fullPage: true });
  });

  it('shows a planted flow name as text, and clears the filter from an empty result', async () => {
    await page.fill('#flow-run-filters input[name="flow"]', HOSTILE_FLOW);
    await page.selectOption('#flow-run-filters select[name="state"]', '');
    await page.fill('#flow-run-filters input[name="since"]', '3d');
    await page.fill('#flow-run-filters input[name="param"]', '');
    await page.click('#flow-run-filters button[type="submit"]');
    await page.waitForURL(/since=3d/);
    await expect(page.locator('#flow-runs tbody tr td:first-child').allTextContents()).resolves.toEqual([HOSTILE_FLOW]);
    await expect(page.locator('main img').count()).resolves.toBe(0);
    await expect(page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).resolves.toBeUndefined();

    await page.fill('#flow-run-filters input[name="flow"]', 'Nobody.flow');
    await page.click('#flow-run-filters button[type="submit"]');
    await page.waitForURL(/flow=Nobody\.flow/);
    await expect(page.locator('#no-flow-runs').textContent()).resolves.toContain('No flow run matches the filter.');
    await page.click('#clear-filter');
    await page.waitForURL(ui!.server.url);
    // Two real runs, 30 planted nightly runs and the planted hostile one: the first page of 25.
    await expect(page.locator('#flow-runs tbody tr').count()).resolves.toBe(25);
    await expect(page.inputValue('#flow-run-filters input[name="flow"]')).resolves.toBe('');
  });
});
