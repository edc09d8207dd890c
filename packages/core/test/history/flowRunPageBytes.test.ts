/**
 * A page of flow runs holds every document it returns in memory at once: planted documents each near the largest
 * a reader reads must not make one page hold hundreds of megabytes. A page stops at a byte budget and gives a
 * cursor; going on returns every run once.
 */
import { MemoryStorage, type ResultStorage } from '../../src';
import { CacheInspector, MAX_FLOW_RUN_BYTES_PER_PAGE, MAX_RUN_HISTORY_BYTES } from '../../src/records';
import { MINIMAL_RUN } from '../../../../test/support/runHistoryDocuments';

const DOCUMENTS = 8;
// Each document a little under the largest a reader reads: its error message fills it.
const ERROR_LENGTH = MAX_RUN_HISTORY_BYTES - 4096;

/** A storage that adds up the bytes of the run-history documents each read returns. */
function counting(storage: ResultStorage): { storage: ResultStorage; bytesRead: () => number } {
  let bytes = 0;
  const get: ResultStorage['get'] = async (key, options) => {
    const read = await storage.get(key, options);
    bytes += read?.byteLength ?? 0;
    return read;
  };
  return { storage: Object.assign(Object.create(storage) as ResultStorage, { get }), bytesRead: () => bytes };
}

describe('flow run pages of large histories', () => {
  it('read at most the byte budget a page, and page on through every run once', async () => {
    const memory = new MemoryStorage();
    const error = 'x'.repeat(ERROR_LENGTH);
    for (let index = 0; index < DOCUMENTS; index++) {
      const document = { ...MINIMAL_RUN, flowRunId: `large-${index}`, state: 'Failed', error };
      const key = `_flowcache/runs/000000000000${index}-large-${index}.json`;
      await memory.put(key, Buffer.from(JSON.stringify(document)));
    }
    const { storage, bytesRead } = counting(memory);
    const inspector = new CacheInspector(storage);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const before = bytesRead();
      const page = await inspector.flowRuns({ limit: 20, cursor });
      expect(bytesRead() - before).toBeLessThanOrEqual(MAX_FLOW_RUN_BYTES_PER_PAGE);
      expect(page.unreadable).toEqual([]);
      seen.push(...page.flowRuns.map((run) => run.flowRunId));
      cursor = page.cursor;
      pages++;
    } while (cursor !== undefined);
    expect(seen).toEqual(Array.from({ length: DOCUMENTS }, (_, index) => `large-${index}`));
    expect(pages).toBe(Math.ceil(DOCUMENTS / Math.floor(MAX_FLOW_RUN_BYTES_PER_PAGE / (ERROR_LENGTH + 1024))));
  });

  it('fills a page when the storage lists no sizes', async () => {
    const memory = new MemoryStorage();
    for (let index = 0; index < 8; index++) {
      const document = { ...MINIMAL_RUN, flowRunId: `small-${index}` };
      const key = `_flowcache/runs/000000000000${index}-small-${index}.json`;
      await memory.put(key, Buffer.from(JSON.stringify(document)));
    }
    const list: ResultStorage['list'] = async (prefix, options) => {
      const page = await memory.list(prefix, options);
      return { ...page, objects: page.objects.map((object) => ({ ...object, size: undefined as unknown as number })) };
    };
    const inspector = new CacheInspector(Object.assign(Object.create(memory) as ResultStorage, { list }));
    const page = await inspector.flowRuns({ limit: 5 });
    expect(page.flowRuns.map((run) => run.flowRunId)).toEqual(['small-0', 'small-1', 'small-2', 'small-3', 'small-4']);
  });
});
