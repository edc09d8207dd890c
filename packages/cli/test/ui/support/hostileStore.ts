import type { ResultStorage } from '@flowcache/core';
import { CacheInspector } from '@flowcache/core/records';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { makeTemporaryDirectory, removeDirectory } from '../../../../../test/support/temporaryDirectory';
import { startUiServer, type UiServer } from '../../../src/ui/startUiServer';
import { send } from './http';

/**
 * A UI server over a fresh directory holding what `plant` writes, its clock at `now`, for the `describe` calling
 * this; gives a function fetching a page by its path, expecting the status given (200 unless told).
 */
export function hostileStore(now: number, plant: (storage: ResultStorage) => Promise<void>) {
  const store: { directory?: string; server?: UiServer } = {};
  beforeAll(async () => {
    store.directory = await makeTemporaryDirectory('ui-hostile');
    const storage = new FileSystemStorage({ basePath: store.directory });
    await plant(storage);
    store.server = await startUiServer({
      inspector: new CacheInspector(storage),
      port: 0,
      host: '127.0.0.1',
      allowDelete: false,
      now: () => now,
    });
  });
  afterAll(async () => {
    await store.server?.close();
    if (store.directory !== undefined) await removeDirectory(store.directory);
  });
  return async (path: string, status = 200) => {
    const answer = await send(`${store.server!.url}${path}`);
    expect(answer.status).toBe(status);
    return answer.body;
  };
}
