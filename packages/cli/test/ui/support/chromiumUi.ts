import { CacheInspector } from '@flowcache/core/records';
import { FileSystemStorage } from '@flowcache/storage-fs';
import type { Browser, Page } from 'playwright-core';
import { makeTemporaryDirectory, removeDirectory } from '../../../../../test/support/temporaryDirectory';
import { startUiServer, type UiServer } from '../../../src/ui/startUiServer';
import { launchChromium } from './chromium';

/** A read-only UI server over a file store of its own, and a Chromium page to look at it with. */
export interface ChromiumUi {
  readonly storage: FileSystemStorage;
  readonly server: UiServer;
  readonly page: Page;
  close(): Promise<void>;
}

/**
 * Fills a new file store with `fill`, serves it (with the clock `now`, so that pages say the same on every run),
 * and opens a page 1100 px wide and short: full-page screenshots end where the content ends.
 */
export async function openUiInChromium(
  name: string,
  fill: (storage: FileSystemStorage) => Promise<void>,
  { now = Date.now }: { now?: () => number } = {},
): Promise<ChromiumUi> {
  const directory = await makeTemporaryDirectory(name);
  let server: UiServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.close();
    await removeDirectory(directory);
  };
  try {
    const storage = new FileSystemStorage({ basePath: directory });
    await fill(storage);
    const inspector = new CacheInspector(storage);
    server = await startUiServer({ inspector, port: 0, host: '127.0.0.1', allowDelete: false, now });
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1100, height: 240 } });
    // Generous for a slow CI machine, not an assertion about speed.
    page.setDefaultTimeout(20_000);
    return { storage, server, page, close };
  } catch (error) {
    await close();
    throw error;
  }
}
