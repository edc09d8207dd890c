import 'reflect-metadata';
import { Engine, Flow, MemoryStorage, Task, transaction, type FlowcacheSettings, type TaskRunEvent } from '../../src';
import { CacheInspector, RUN_HISTORY_PREFIX, type FlowRunSummary } from '../../src/records';
import { RecordingLogger } from '../support';

class Shop {
  @Task({ cacheKeyFn: (_context, [id]) => `price/${String(id)}` })
  async price(id: number): Promise<number> {
    if (id < 0) throw new Error(`no price for ${id}`);
    return id * 2;
  }

  @Task({ cacheKeyFn: (_context, [id]) => `stock/${String(id)}` })
  async stock(id: number): Promise<number> {
    return id;
  }

  /** `ids` in order, each priced: a repeated id is a hit, a negative one fails (and is caught). */
  @Flow({ name: 'pricing' })
  async pricing(ids: number[]): Promise<number> {
    let total = 0;
    for (const id of ids) total += await this.price(id).catch(() => 0);
    return total;
  }

  @Flow({ name: 'region' })
  async region(id: number): Promise<number> {
    return this.stock(id);
  }

  @Flow({ name: 'regions' })
  async regions(ids: number[]): Promise<number> {
    let total = 0;
    for (const id of ids) total += await this.region(id);
    return total;
  }

  /** Stocks `ids` in one transaction that rolls back at the end: every completed run becomes RolledBack. */
  @Flow({ name: 'undone' })
  async undone(ids: number[]): Promise<void> {
    await transaction(async () => {
      for (const id of ids) await this.stock(id);
      throw new Error('undo it all');
    }).catch(() => undefined);
  }
}

function setUp(settings: Partial<FlowcacheSettings> = {}) {
  const storage = new MemoryStorage();
  const engine = new Engine({ storage, logger: new RecordingLogger(), settings });
  return { storage, engine, shop: engine.attach(new Shop()), inspector: new CacheInspector(storage) };
}

async function onlyRun(inspector: CacheInspector): Promise<FlowRunSummary> {
  const { flowRuns } = await inspector.flowRuns();
  expect(flowRuns).toHaveLength(1);
  return flowRuns[0];
}

async function historyBytes(storage: MemoryStorage): Promise<number> {
  const { objects } = await storage.list(RUN_HISTORY_PREFIX);
  return (await storage.get(objects[0].key))!.byteLength;
}

describe('run history beyond runHistoryDetail', () => {
  it('keeps the first N task runs in detail, counts others per task, by state, miss reason and duration', async () => {
    const { shop, inspector } = setUp({ runHistoryDetail: 3 });
    // Detailed: 1, 2, 1 (a hit). Counted: 2 and 1 (hits), 3 (absent), -1 (failed), 3 (a hit).
    await shop.pricing([1, 2, 1, 2, 1, 3, -1, 3]);
    const run = await onlyRun(inspector);
    expect(run.taskRuns.map((taskRun) => [taskRun.state, taskRun.cacheKey])).toEqual([
      ['Completed', 'price/1'],
      ['Completed', 'price/2'],
      ['Cached', 'price/1'],
    ]);
    expect(run.moreTaskRuns).toEqual([
      {
        taskName: 'Shop.price',
        count: 5,
        states: { Cached: 3, Completed: 1, Failed: 1 },
        cacheMisses: { absent: 2 },
        totalDurationMs: expect.any(Number),
        minDurationMs: expect.any(Number),
        maxDurationMs: expect.any(Number),
        computeMs: expect.any(Number),
        savedMs: expect.any(Number),
      },
    ]);
    const [counted] = run.moreTaskRuns;
    expect(counted.minDurationMs).toBeGreaterThanOrEqual(0);
    expect(counted.minDurationMs).toBeLessThanOrEqual(counted.maxDurationMs);
    expect(counted.maxDurationMs).toBeLessThanOrEqual(counted.totalDurationMs);
    expect(run.subflows).toEqual([]);
    expect(run.moreSubflows).toEqual([]);
  });

  it('still reports every task run to onTaskRun listeners, and counts the same runs when they listen', async () => {
    const { engine, shop, inspector } = setUp({ runHistoryDetail: 2 });
    const events: TaskRunEvent[] = [];
    engine.onTaskRun((event) => events.push(event));
    await shop.pricing([1, 1, 1, 1, 2]);
    expect(events.map((event) => event.state)).toEqual(['Completed', 'Cached', 'Cached', 'Cached', 'Completed']);
    const run = await onlyRun(inspector);
    expect(run.taskRuns).toHaveLength(2);
    expect(run.moreTaskRuns).toMatchObject([
      { taskName: 'Shop.price', count: 3, states: { Cached: 2, Completed: 1 }, cacheMisses: { absent: 1 } },
    ]);
  });

  it('counts a hit that repeats one kept in detail, so the detail goes to runs that tell something new', async () => {
    for (const listening of [false, true]) {
      const { engine, shop, inspector } = setUp({ runHistoryDetail: 4 });
      if (listening) engine.onTaskRun(() => undefined);
      await shop.pricing([1, 1, 1, 1, 2, 2, 2, 3]);
      const run = await onlyRun(inspector);
      expect(run.taskRuns.map((taskRun) => [taskRun.state, taskRun.cacheKey])).toEqual([
        ['Completed', 'price/1'],
        ['Cached', 'price/1'],
        ['Completed', 'price/2'],
        ['Cached', 'price/2'],
      ]);
      expect(run.moreTaskRuns).toMatchObject([
        { taskName: 'Shop.price', count: 4, states: { Cached: 3, Completed: 1 }, cacheMisses: { absent: 1 } },
      ]);
    }
  });

  it('keeps the first N subflows in detail and counts the others per flow, with their task runs', async () => {
    const { shop, inspector } = setUp({ runHistoryDetail: 2 });
    await shop.regions([1, 2, 3, 4, 3]);
    const run = await onlyRun(inspector);
    expect(run.subflows.map((subflow) => [subflow.flowName, subflow.parameters.id, subflow.taskRuns.length])).toEqual([
      ['region', '1', 1],
      ['region', '2', 1],
    ]);
    expect(run.moreSubflows).toEqual([
      {
        flowName: 'region',
        count: 3,
        states: { Completed: 3 },
        totalDurationMs: expect.any(Number),
        minDurationMs: expect.any(Number),
        maxDurationMs: expect.any(Number),
        taskRunStates: { Completed: 2, Cached: 1 },
      },
    ]);
    // A subflow kept in detail is found by its id; its task runs count against the same budget.
    expect(await inspector.flowRun(run.subflows[1].flowRunId)).toEqual(run.subflows[1]);
    expect(run.taskRuns).toEqual([]);
  });

  it('shares one budget across subflows, and counts subflows of a counted subflow under their own name', async () => {
    class Nested {
      constructor(private readonly shop: Shop) {}
      @Flow({ name: 'outer' })
      async outer(groups: number[][]): Promise<void> {
        for (const group of groups) await this.shop.regions(group);
      }
    }
    const { engine, shop, inspector } = setUp({ runHistoryDetail: 1 });
    await engine.attach(new Nested(shop)).outer([[1], [2, 3]]);
    const run = await onlyRun(inspector);
    // Kept: regions([1]) (the one subflow in detail); its region(1) and everything after are counted.
    expect(run.subflows.map((subflow) => subflow.flowName)).toEqual(['regions']);
    expect(run.subflows[0].moreSubflows).toMatchObject([
      { flowName: 'region', count: 1, taskRunStates: { Completed: 1 } },
    ]);
    expect(run.moreSubflows).toMatchObject([
      { flowName: 'regions', count: 1, states: { Completed: 1 }, taskRunStates: {} },
      { flowName: 'region', count: 2, states: { Completed: 2 }, taskRunStates: { Completed: 2 } },
    ]);
  });

  it('turns a counted run that was rolled back into a RolledBack count, as it does a detailed one', async () => {
    const { shop, inspector } = setUp({ runHistoryDetail: 1 });
    await shop.undone([1, 2, 3]);
    const run = await onlyRun(inspector);
    expect(run.taskRuns.map((taskRun) => taskRun.state)).toEqual(['RolledBack']);
    expect(run.moreTaskRuns).toMatchObject([{ taskName: 'Shop.stock', count: 2, states: { RolledBack: 2 } }]);
  });

  it('writes a history whose size stops growing with the calls: 20 000 hits store no more than 10 000', async () => {
    const { storage, shop } = setUp();
    await shop.pricing(new Array<number>(10_000).fill(7));
    const tenThousand = await historyBytes(storage);
    await storage.delete((await storage.list(RUN_HISTORY_PREFIX)).objects[0].key);
    await shop.pricing(new Array<number>(20_000).fill(7));
    const twentyThousand = await historyBytes(storage);
    // The same 1000 detailed runs and one counted task either way: only the digits of the numbers differ.
    expect(Math.abs(twentyThousand - tenThousand)).toBeLessThan(1000);
    expect(twentyThousand).toBeLessThan(400_000);
  });

  it('with runHistoryDetail 0, counts every task run', async () => {
    const { shop, inspector } = setUp({ runHistoryDetail: 0 });
    await shop.pricing([1, 1]);
    const run = await onlyRun(inspector);
    expect(run.taskRuns).toEqual([]);
    expect(run.moreTaskRuns).toMatchObject([{ count: 2, states: { Completed: 1, Cached: 1 } }]);
  });

  it('still reads histories written before runs were counted: they show every run, and nothing counted', async () => {
    const { storage, shop, inspector } = setUp();
    await shop.regions([1]);
    const [object] = (await storage.list(RUN_HISTORY_PREFIX)).objects;
    const withoutCounts = (run: Record<string, unknown>): Record<string, unknown> => {
      const { moreTaskRuns: _tasks, moreSubflows: _subflows, subflows, ...rest } = run;
      return { ...rest, subflows: (subflows as Record<string, unknown>[]).map(withoutCounts) };
    };
    const document = withoutCounts(JSON.parse(Buffer.from((await storage.get(object.key))!).toString('utf8')));
    expect(JSON.stringify(document)).not.toContain('more');
    await storage.put(object.key, new Uint8Array(Buffer.from(JSON.stringify(document))));
    const run = await onlyRun(inspector);
    expect(run).toMatchObject({ flowName: 'regions', moreTaskRuns: [], moreSubflows: [] });
    expect(run.subflows[0]).toMatchObject({ flowName: 'region', moreTaskRuns: [], moreSubflows: [] });
    expect(run.subflows[0].taskRuns.map((taskRun) => taskRun.state)).toEqual(['Completed']);
  });
});
