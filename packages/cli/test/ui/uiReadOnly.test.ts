import 'reflect-metadata';
import { Engine, MemoryStorage } from '@flowcache/core';
import { CacheInspector } from '@flowcache/core/records';
import type { Browser, Page } from 'playwright-core';
import { startUiServer, type UiServer } from '../../src/ui/startUiServer';
import { describeInChromium, launchChromium } from './support/chromium';
import { postForm } from './support/http';
import { BOLD_NOTE, Warehouse } from './support/warehouse';

// Generous limits for a slow CI machine, not assertions about speed.
jest.setTimeout(30_000);

describeInChromium('flowcache ui without --allow-delete', () => {
  const storage = new MemoryStorage();
  const inspector = new CacheInspector(storage);
  let server: UiServer | undefined;
  let browser: Browser | undefined;
  let page: Page;

  beforeAll(async () => {
    const engine = new Engine({ storage });
    await engine.attach(new Warehouse({ price: 0, label: 0 })).restock(['fig'], BOLD_NOTE);
    await engine.flush();
    server = await startUiServer({ inspector, port: 0, host: '127.0.0.1', allowDelete: false });
    browser = await launchChromium();
    page = await browser.newPage();
    page.setDefaultTimeout(10_000);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('shows records without any invalidate button', async () => {
    await page.goto(`${server!.url}records`);
    await expect(page.locator('#records tbody tr').count()).resolves.toBe(2);
    await expect(page.locator('button:has-text("Invalidate"), form[method="post"]').count()).resolves.toBe(0);

    await page.goto(`${server!.url}records/${encodeURIComponent('prices/fig')}`);
    await expect(page.locator('#record-value').textContent()).resolves.toBe("{ sku: 'fig', cents: 300 }");
    await expect(page.locator('button:has-text("Invalidate"), form[method="post"]').count()).resolves.toBe(0);
  });

  it('refuses an invalidate post with 403 and keeps the record', async () => {
    const fromTheBrowser = await page.request.post(`${server!.url}invalidate`, {
      form: { key: 'prices/fig' },
      maxRedirects: 0,
    });
    expect(fromTheBrowser.status()).toBe(403);
    const fromAnywhere = await postForm(`${server!.url}invalidate`, { key: 'prices/fig' });
    expect(fromAnywhere.status).toBe(403);
    expect(fromAnywhere.body).toContain('--allow-delete');
    await expect(inspector.find('prices/fig')).resolves.toMatchObject({ key: 'prices/fig' });
  });
});
