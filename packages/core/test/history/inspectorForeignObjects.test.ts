import 'reflect-metadata';
import { Engine, MemoryStorage, Task } from '../../src';
import type { ListOptions, StoredObjectPage } from '../../src/adapters';
import { CacheInspector } from '../../src/records';
import { FOREIGN_NAMES_KEPT } from '../../src/history/ForeignObjects';
import { bytes } from '../../../../test/support/bytes';
import { manualClock } from '../support';

class Prices {
  @Task({ cacheKeyFn: (_context, [sku]) => `prices/${String(sku)}`, cacheExpiration: { hours: 1 } })
  async price(sku: string): Promise<number> {
    return sku.length;
  }
}

/**
 * A memory storage whose listings also meet objects that are not its own: some it names in `foreign`, as an
 * adapter should, and one it lists as if it were an object (a key no record can have: a folder marker).
 */
class StorageWithStrangers extends MemoryStorage {
  constructor(private readonly named: readonly string[]) {
    super();
  }

  override async list(prefix: string, options?: ListOptions): Promise<StoredObjectPage> {
    const page = await super.list(prefix, options);
    if (prefix !== '') return page;
    const marker = { key: 'archive/', size: 0, modifiedAt: new Date(0) };
    return { ...page, objects: [marker, ...page.objects], foreign: this.named };
  }
}

async function setUp(named: readonly string[]) {
  const clock = manualClock(Date.UTC(2026, 10, 26, 12));
  const storage = new StorageWithStrangers(named);
  const prices = new Engine({ storage, clock: clock.read, logger: { warn: () => undefined } }).attach(new Prices());
  await prices.price('kiwi');
  await prices.price('plum');
  await storage.put('prices/garbage', bytes('not a record'));
  return { storage, clock, inspector: new CacheInspector(storage, clock.read) };
}

describe('CacheInspector with objects that are not flowcache records', () => {
  it('lists the records and names the objects it skipped', async () => {
    const { inspector } = await setUp(['team/x.lnk']);
    const page = await inspector.list();
    expect(page.records.map((record) => record.key)).toEqual(['prices/garbage', 'prices/kiwi', 'prices/plum']);
    expect(page.foreign).toEqual(['team/x.lnk', 'archive/']);
    expect(await inspector.stats()).toMatchObject({
      count: 3,
      unreadable: 1,
      foreign: { count: 2, names: ['team/x.lnk', 'archive/'] },
    });
  });

  it('prunes the expired and unreadable records and leaves the others alone, counting them', async () => {
    const { inspector, storage, clock } = await setUp([]);
    clock.now += 2 * 3_600_000;
    expect(await inspector.prune()).toEqual({
      keys: ['prices/garbage', 'prices/kiwi', 'prices/plum'],
      bytes: expect.any(Number),
      foreign: { count: 1, names: ['archive/'] },
    });
    expect((await storage.list('prices/')).objects).toEqual([]);
  });

  it('deletes every record on invalidate({ prefix: "" }), reporting the skipped objects to onForeign', async () => {
    const { inspector } = await setUp([]);
    const skipped: string[] = [];
    const deleted = await inspector.invalidate({ prefix: '' }, { onForeign: (names) => skipped.push(...names) });
    expect(deleted).toEqual(['prices/garbage', 'prices/kiwi', 'prices/plum']);
    expect(skipped).toEqual(['archive/']);
  });

  it('keeps a bounded number of names however many objects it skips', async () => {
    const many = Array.from({ length: 5000 }, (_, index) => `stray/${index}/`);
    const { inspector } = await setUp(many);
    const { foreign } = await inspector.stats();
    expect(foreign.count).toBe(5001);
    expect(foreign.names).toEqual(many.slice(0, FOREIGN_NAMES_KEPT));
  });
});
