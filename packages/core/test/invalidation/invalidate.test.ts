import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Engine, MemoryStorage, Task, TaskDefinitionError, taskInputHash } from '../../src';
import { RecordingLogger, recordKeys } from '../support';

const ownStorage = new MemoryStorage({ name: 'prices' });

class Reports {
  runs = { sales: 0, stock: 0, prices: 0, scratch: 0 };

  @Task({ cacheKeyFn: (_context, [day]) => `sales/${day as string}`, persistResult: true })
  async sales(day: string): Promise<string> {
    this.runs.sales++;
    return `sales ${day} #${this.runs.sales}`;
  }

  @Task({ cacheKeyFn: (_context, [day]) => `stock/${day as string}`, persistResult: true })
  async stock(day: string): Promise<string> {
    this.runs.stock++;
    return `stock ${day} #${this.runs.stock}`;
  }

  @Task({ name: 'prices', cacheKeyFn: () => 'prices/all', resultStorage: ownStorage })
  async prices(): Promise<string> {
    this.runs.prices++;
    return `prices #${this.runs.prices}`;
  }

  @Task({ cacheKeyFn: taskInputHash, persistResult: false })
  async scratch(day: string): Promise<string> {
    this.runs.scratch++;
    return `scratch ${day} #${this.runs.scratch}`;
  }
}

async function setUp() {
  const storage = new MemoryStorage();
  await ownStorage.delete('prices/all');
  const engine = new Engine({ storage, logger: new RecordingLogger(), settings: { memoryRevalidateMs: 'off' } });
  const reports = engine.attach(new Reports());
  await Promise.all([
    reports.sales('mon'),
    reports.sales('tue'),
    reports.stock('mon'),
    reports.prices(),
    reports.scratch('mon'),
  ]);
  return { storage, engine, reports };
}

function sortByLocation<T extends { location: string }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => a.location.localeCompare(b.location));
}

describe('engine.invalidate', () => {
  it('by key: drops the memory copy and deletes the record, so the next call runs the body', async () => {
    const { storage, engine, reports } = await setUp();
    const removed = await engine.invalidate({ key: 'sales/mon' });
    expect(removed.memory).toEqual(['sales/mon']);
    // Every storage the engine reads from is cleared of the key: its default one, and the one `prices` uses.
    expect(sortByLocation(removed.stored)).toEqual([
      { location: storage.location, keys: ['sales/mon'] },
      { location: ownStorage.location, keys: [] },
    ]);
    expect(await recordKeys(storage)).toEqual(['sales/tue', 'stock/mon']);
    expect(await reports.sales('mon')).toBe('sales mon #3');
    expect(await reports.sales('tue')).toBe('sales tue #2'); // untouched: still a hit
    expect(reports.runs.sales).toBe(3);
  });

  it('by task, as a method reference: every result of that task and no other', async () => {
    const { storage, engine, reports } = await setUp();
    const removed = await engine.invalidate({ task: Reports.prototype.sales });
    expect(removed.memory.sort()).toEqual(['sales/mon', 'sales/tue']);
    expect(sortByLocation(removed.stored)).toEqual([
      { location: storage.location, keys: ['sales/mon', 'sales/tue'] },
      { location: ownStorage.location, keys: [] },
    ]);
    expect(await recordKeys(storage)).toEqual(['stock/mon']);
    await Promise.all([reports.sales('mon'), reports.sales('tue'), reports.stock('mon')]);
    expect(reports.runs).toMatchObject({ sales: 4, stock: 1 });
  });

  it("by task name, in the task's own storage too", async () => {
    const { engine, reports } = await setUp();
    const removed = await engine.invalidate({ task: 'prices' });
    expect(removed.memory).toEqual(['prices/all']);
    expect(removed.stored).toContainEqual({ location: ownStorage.location, keys: ['prices/all'] });
    expect(await recordKeys(ownStorage)).toEqual([]);
    expect(await reports.prices()).toBe('prices #2');
  });

  it('all: every memory copy, memory-only ones included, and every record of the storages it uses', async () => {
    const { storage, engine, reports } = await setUp();
    const removed = await engine.invalidate('all');
    expect(removed.memory).toHaveLength(5);
    expect(await recordKeys(storage)).toEqual([]);
    expect(await recordKeys(ownStorage)).toEqual([]);
    await Promise.all([reports.sales('mon'), reports.stock('mon'), reports.prices(), reports.scratch('mon')]);
    expect(reports.runs).toEqual({ sales: 3, stock: 2, prices: 2, scratch: 2 });
  });

  it('with memoryOnly: the stored record stays, and the next call reads it instead of running the body', async () => {
    const { storage, engine, reports } = await setUp();
    expect(await engine.invalidate({ task: reports.sales }, { memoryOnly: true })).toEqual({
      memory: ['sales/mon', 'sales/tue'],
      stored: [],
    });
    expect(await recordKeys(storage)).toEqual(['sales/mon', 'sales/tue', 'stock/mon']);
    expect(await reports.sales('mon')).toBe('sales mon #1');
    expect(reports.runs.sales).toBe(2);
  });

  it('awaits background writes first, so none brings a deleted record back', async () => {
    class Slow {
      @Task({ cacheKeyFn: () => 'slow/one', persistMode: 'background' })
      async one(): Promise<number> {
        return 1;
      }
    }
    const storage = new MemoryStorage();
    const engine = new Engine({ storage });
    await engine.attach(new Slow()).one();
    const removed = await engine.invalidate({ key: 'slow/one' });
    expect(removed.stored).toEqual([{ location: storage.location, keys: ['slow/one'] }]);
    expect(await recordKeys(storage)).toEqual([]);
  });

  it('refuses a function that is not a @Task method, and a target it does not know', async () => {
    const { engine } = await setUp();
    await expect(engine.invalidate({ task: () => 1 })).rejects.toThrow(TaskDefinitionError);
    await expect(engine.invalidate({ task: function plain() {} })).rejects.toThrow(
      /invalidate\(\{ task \}\) needs a @Task method .* got the function plain, which is not a @Task method/,
    );
    await expect(engine.invalidate({} as never)).rejects.toThrow(
      "invalidate needs { key }, { task } or 'all', got object",
    );
  });
});
