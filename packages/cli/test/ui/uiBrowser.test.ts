import 'reflect-metadata';
import { Engine } from '@flowcache/core';
import { CacheInspector } from '@flowcache/core/records';
import { FileSystemStorage } from '@flowcache/storage-fs';
import type { Browser, Page } from 'playwright-core';
import { startUiServer, type UiServer } from '../../src/ui/startUiServer';
import { describeInChromium, launchChromium } from './support/chromium';
import { screenshotPath } from './support/screenshots';
import { BOLD_NOTE, HOSTILE_VALUE, Warehouse, type BodyRuns } from './support/warehouse';
import { makeTemporaryDirectory, removeDirectory } from '../../../../test/support/temporaryDirectory';

// Generous limits for a slow CI machine, not assertions about speed; a stuck wait fails with Playwright's message.
jest.setTimeout(30_000);

const readPwned = (page: Page) => page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned);

describeInChromium('flowcache ui in Chromium', () => {
  const bodyRuns: BodyRuns = { price: 0, label: 0 };
  let directory: string;
  let storage: FileSystemStorage;
  let server: UiServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  /** One run of the flow in a new engine, whose memory tier is empty: hits can only come from the storage. */
  async function restockInFreshEngine(runs: number): Promise<void> {
    const engine = new Engine({ storage });
    const warehouse = engine.attach(new Warehouse(bodyRuns));
    for (let run = 0; run < runs; run++) await warehouse.restock(['apple', 'pear'], BOLD_NOTE);
    await engine.flush();
  }

  beforeAll(async () => {
    directory = await makeTemporaryDirectory('ui');
    storage = new FileSystemStorage({ basePath: directory });
    await restockInFreshEngine(2);
    server = await startUiServer({
      inspector: new CacheInspector(storage),
      port: 0,
      host: '127.0.0.1',
      allowDelete: true,
    });
    browser = await launchChromium();
    // Short: full-page screenshots then end where the content ends.
    page = await browser.newPage({ viewport: { width: 1100, height: 240 } });
    page.setDefaultTimeout(10_000);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (directory !== undefined) await removeDirectory(directory);
  });

  it('ran the task bodies once: the second flow run was served from the cache', () => {
    expect(bodyRuns).toEqual({ price: 2, label: 2 });
  });

  it('lists both flow runs, newest first, with their task runs counted by state', async () => {
    await page.goto(server!.url);
    const rows = page.locator('#flow-runs tbody tr');
    await expect(rows.count()).resolves.toBe(2);
    await expect(rows.nth(0).textContent()).resolves.toMatch(/Warehouse\.restock[\s\S]*Completed[\s\S]*4 Cached/);
    await expect(rows.nth(1).textContent()).resolves.toMatch(/4 Completed/);
    await expect(page.locator('main a[href="/records"]').count()).resolves.toBe(1);
    await page.screenshot({ path: screenshotPath('ui-runs.png'), fullPage: true });
  });

  it('shows the latest run: parameters as text, every task run Cached with a link to its record', async () => {
    await page.locator('#flow-runs tbody tr').first().locator('a').click();
    await page.waitForURL(/\/runs\//);
    const states = await page.locator('#task-runs tbody tr td:nth-child(2)').allTextContents();
    expect(states).toEqual(['Cached', 'Cached', 'Cached', 'Cached']);
    const keys = await page.locator('#task-runs tbody tr td.key a').allTextContents();
    expect(keys).toEqual(['prices/apple', 'labels/apple', 'prices/pear', 'labels/pear']);

    const noteCell = page.locator('#parameters tr', { hasText: 'note' }).locator('td').nth(1);
    await expect(noteCell.textContent()).resolves.toContain(BOLD_NOTE);
    await expect(page.locator('#parameters b').count()).resolves.toBe(0);
    await expect(readPwned(page)).resolves.toBeUndefined();
  });

  it('shows a record: its metadata and a preview of its value', async () => {
    await page.locator('#task-runs a', { hasText: 'prices/apple' }).click();
    await page.waitForURL(/\/records\/prices%2Fapple$/);
    const metadata = (await page.locator('#record-metadata').textContent()) ?? '';
    expect(metadata).toContain('Warehouse.price');
    expect(metadata).toContain('in 3 hours');
    expect(metadata).toContain('json/v1');
    await expect(page.locator('#record-value').textContent()).resolves.toBe("{ sku: 'apple', cents: 500 }");
    await page.screenshot({ path: screenshotPath('ui-record.png'), fullPage: true });
  });

  it('shows a cached string holding markup as literal text, running none of it', async () => {
    await page.goto(`${server!.url}records/${encodeURIComponent('labels/apple')}`);
    await expect(page.locator('#record-value').textContent()).resolves.toContain(HOSTILE_VALUE);
    await expect(page.locator('main script, main img').count()).resolves.toBe(0);
    await expect(readPwned(page)).resolves.toBeUndefined();
    await expect(page.locator('#record-metadata').textContent()).resolves.toContain('never');
  });

  it('lists the cached results with their expiry, and filters them by task', async () => {
    await page.goto(`${server!.url}records`);
    const keys = await page.locator('#records tbody tr td.key').allTextContents();
    expect(keys).toEqual(['labels/apple', 'labels/pear', 'prices/apple', 'prices/pear']);
    const apple = page.locator('#records tr[data-key="prices/apple"]');
    await expect(apple.textContent()).resolves.toMatch(/Warehouse\.price[\s\S]*in 3 hours/);
    await expect(page.locator('#records tr[data-key="labels/apple"]').textContent()).resolves.toContain('never');
    await expect(readPwned(page)).resolves.toBeUndefined();
    await page.screenshot({ path: screenshotPath('ui-records.png'), fullPage: true });

    await page.fill('input[name="task"]', 'Warehouse.price');
    await page.click('form.filters button[type="submit"]');
    await page.waitForURL(/task=Warehouse\.price/);
    await expect(page.locator('#records tbody tr td.key').allTextContents()).resolves.toEqual([
      'prices/apple',
      'prices/pear',
    ]);
  });

  it('invalidates a record from its page, then lists the records without it', async () => {
    await page.goto(`${server!.url}records/${encodeURIComponent('prices/apple')}`);
    await page.click('button:has-text("Invalidate")');
    await page.waitForURL(/\/records\?invalidated=prices%2Fapple&proof=[\w-]+$/);
    await expect(page.locator('#notice').textContent()).resolves.toContain('prices/apple');
    const keys = await page.locator('#records tbody tr td.key').allTextContents();
    expect(keys).toEqual(['labels/apple', 'labels/pear', 'prices/pear']);
    await expect(new CacheInspector(storage).find('prices/apple')).resolves.toBeUndefined();
  });

  it('invalidates a record from its row in a filtered list, and returns to that list, filter kept', async () => {
    await page.goto(`${server!.url}records?task=Warehouse.label`);
    await page.locator('#records tr[data-key="labels/pear"] button:has-text("Invalidate")').click();
    await page.waitForURL(/\/records\?task=Warehouse\.label&invalidated=labels%2Fpear&proof=[\w-]+$/);
    await expect(page.locator('#notice').textContent()).resolves.toContain('Invalidated labels/pear');
    await expect(page.locator('input[name="task"]').inputValue()).resolves.toBe('Warehouse.label');
    await expect(page.locator('#records tbody tr td.key').allTextContents()).resolves.toEqual(['labels/apple']);
  });

  it('shows the invalidated tasks Completed in the next run, whose bodies ran again', async () => {
    await restockInFreshEngine(1);
    expect(bodyRuns).toEqual({ price: 3, label: 3 });

    await page.goto(server!.url);
    await expect(page.locator('#flow-runs tbody tr').count()).resolves.toBe(3);
    await page.locator('#flow-runs tbody tr').first().locator('a').click();
    await page.waitForURL(/\/runs\//);
    const runs = await page
      .locator('#task-runs tbody tr')
      .evaluateAll((rows) =>
        rows.map((row) => [
          row.querySelector('td.key')?.textContent,
          row.querySelector('td:nth-child(2)')?.textContent,
        ]),
      );
    expect(runs).toEqual([
      ['prices/apple', 'Completed'],
      ['labels/apple', 'Cached'],
      ['prices/pear', 'Cached'],
      ['labels/pear', 'Completed'],
    ]);
    await page.screenshot({ path: screenshotPath('ui-run.png'), fullPage: true });
  });
});
