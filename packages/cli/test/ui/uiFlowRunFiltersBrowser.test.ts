import 'reflect-metadata';
import { CacheInspector } from '@flowcache/core/records';
import { FileSystemStorage } from '@flowcache/storage-fs';
import type { Browser, Page } from 'playwright-core';
import { startUiServer, type UiServer } from '../../src/ui/startUiServer';
import { describeInChromium, launchChromium } from './support/chromium';
import { fillFilterFixture, HOSTILE_FLOW } from './support/flowRunFilterFixture';
import { screenshotPath } from './support/screenshots';
import { makeTemporaryDirectory, removeDirectory } from '../../../../test/support/temporaryDirectory';

// Generous limits for a slow CI machine, not assertions about speed; a stuck wait fails with Playwright's message.
jest.setTimeout(30_000);

describeInChromium('flowcache ui in Chromium: filtering flow runs', () => {
  const now = Date.now();
  let directory: string;
  let server: UiServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    directory = await makeTemporaryDirectory('ui-filters');
    const storage = new FileSystemStorage({ basePath: directory });
    await fillFilterFixture(storage, now);
    const inspector = new CacheInspector(storage);
    server = await startUiServer({ inspector, port: 0, host: '127.0.0.1', allowDelete: false, now: () => now });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1100, height: 240 } });
    page.setDefaultTimeout(10_000);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (directory !== undefined) await removeDirectory(directory);
  });

  it('fills the form, submits it and shows only the matching runs, the form keeping what was typed', async () => {
    await page.goto(server!.url);
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
    await page.waitForURL(server!.url);
    // Two real runs, 30 planted nightly runs and the planted hostile one: the first page of 25.
    await expect(page.locator('#flow-runs tbody tr').count()).resolves.toBe(25);
    await expect(page.inputValue('#flow-run-filters input[name="flow"]')).resolves.toBe('');
  });
});
