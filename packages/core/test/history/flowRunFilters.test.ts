/**
 * `flowRuns` with a filter: by flow, state, period and parameter value, newest first; the period decided from the
 * keys before any document is read, and a bounded number of documents read per page.
 */
import 'reflect-metadata';
import { Engine, Flow, MemoryStorage, Task, type ResultStorage } from '../../src';
import {
  CacheInspector,
  MAX_FLOW_RUN_READS_PER_PAGE,
  type FlowRunFilter,
  type FlowRunSummary,
} from '../../src/records';
import { encodeRunHistory, runHistoryKey } from '../../src/history/RunHistory';

const HOUR = 3_600_000;
const T0 = Date.UTC(2026, 10, 26, 12);

/** A storage that counts the documents read (`get`) and the listings. */
function counted(storage: ResultStorage): { storage: ResultStorage; gets: () => number; lists: () => number } {
  let gets = 0;
  let lists = 0;
  const wrapper = Object.assign(Object.create(storage) as ResultStorage, {
    get: (...args: Parameters<ResultStorage['get']>) => {
      gets++;
      return storage.get(...args);
    },
    list: (...args: Parameters<ResultStorage['list']>) => {
      lists++;
      return storage.list(...args);
    },
  });
  return { storage: wrapper, gets: () => gets, lists: () => lists };
}

interface Planted {
  id: string;
  hoursAgo: number;
  flowName?: string;
  state?: 'Completed' | 'Failed';
  parameters?: Record<string, string>;
}

/** Writes run-history documents as the engine does, each started `hoursAgo` before T0. */
async function plant(storage: ResultStorage, runs: readonly Planted[]): Promise<void> {
  for (const [sequence, run] of runs.entries()) {
    const startedAt = new Date(T0 - run.hoursAgo * HOUR);
    const summary: FlowRunSummary = {
      flowRunId: run.id,
      flowName: run.flowName ?? 'nightly',
      state: run.state ?? 'Completed',
      parameters: run.parameters ?? {},
      startedAt: startedAt.toISOString(),
      endedAt: new Date(startedAt.getTime() + 1000).toISOString(),
      durationMs: 1000,
      attempts: 1,
      error: run.state === 'Failed' ? 'boom' : null,
      taskRuns: [],
      subflows: [],
      moreTaskRuns: [],
      moreSubflows: [],
    };
    await storage.put(runHistoryKey(run.id, startedAt, sequence), encodeRunHistory(summary));
  }
}

const RUNS: readonly Planted[] = [
  { id: 'a', hoursAgo: 1, flowName: 'nightly', parameters: { region: "'north'", day: '3' } },
  { id: 'b', hoursAgo: 2, flowName: 'hourly', state: 'Failed', parameters: { region: "'south'" } },
  { id: 'c', hoursAgo: 3, flowName: 'nightly', state: 'Failed', parameters: { region: "'north'", day: '4' } },
  { id: 'd', hoursAgo: 4, flowName: 'hourly', parameters: { region: "'north'" } },
  { id: 'e', hoursAgo: 5, flowName: 'nightly', parameters: { region: "'south'", day: '3' } },
];

async function ids(inspector: CacheInspector, filter: FlowRunFilter & { limit?: number }): Promise<string[]> {
  return (await inspector.flowRuns(filter)).flowRuns.map((run) => run.flowRunId);
}

describe('flowRuns with a filter', () => {
  let inspector: CacheInspector;
  beforeAll(async () => {
    const storage = new MemoryStorage();
    await plant(storage, RUNS);
    inspector = new CacheInspector(storage);
  });

  it('lists every run, newest first, without a filter', async () => {
    expect(await ids(inspector, {})).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('filters by flow name, exactly', async () => {
    expect(await ids(inspector, { flow: 'hourly' })).toEqual(['b', 'd']);
    expect(await ids(inspector, { flow: 'hour' })).toEqual([]);
  });

  it('filters by state', async () => {
    expect(await ids(inspector, { state: 'Failed' })).toEqual(['b', 'c']);
    expect(await ids(inspector, { state: 'Completed' })).toEqual(['a', 'd', 'e']);
  });

  it('filters by start: since inclusive, until exclusive', async () => {
    expect(await ids(inspector, { since: new Date(T0 - 3 * HOUR) })).toEqual(['a', 'b', 'c']);
    expect(await ids(inspector, { until: new Date(T0 - 3 * HOUR) })).toEqual(['d', 'e']);
    expect(await ids(inspector, { since: new Date(T0 - 4 * HOUR), until: new Date(T0 - HOUR) })).toEqual([
      'b',
      'c',
      'd',
    ]);
    expect(await ids(inspector, { since: new Date(T0), until: new Date(T0 - HOUR) })).toEqual([]);
  });

  it('filters by parameter value: the preview kept, or a string parameter by its text', async () => {
    expect(await ids(inspector, { parameters: { region: 'north' } })).toEqual(['a', 'c', 'd']);
    expect(await ids(inspector, { parameters: { region: "'north'" } })).toEqual(['a', 'c', 'd']);
    expect(await ids(inspector, { parameters: { day: '3' } })).toEqual(['a', 'e']);
    expect(await ids(inspector, { parameters: { region: 'nor' } })).toEqual([]);
    expect(await ids(inspector, { parameters: { missing: '' } })).toEqual([]);
    expect(await ids(inspector, { parameters: { region: 'north', day: '4' } })).toEqual(['c']);
  });

  it('combines every criterion given', async () => {
    const filter: FlowRunFilter = {
      flow: 'nightly',
      state: 'Completed',
      since: new Date(T0 - 5 * HOUR),
      parameters: { day: '3' },
    };
    expect(await ids(inspector, filter)).toEqual(['a', 'e']);
    expect(await ids(inspector, { ...filter, until: new Date(T0 - 2 * HOUR) })).toEqual(['e']);
    expect(await ids(inspector, { ...filter, limit: 1 })).toEqual(['a']);
  });

  it('pages a filtered listing with the cursor', async () => {
    const first = await inspector.flowRuns({ flow: 'nightly', limit: 2 });
    expect(first.flowRuns.map((run) => run.flowRunId)).toEqual(['a', 'c']);
    const second = await inspector.flowRuns({ flow: 'nightly', limit: 2, cursor: first.cursor });
    expect(second.flowRuns.map((run) => run.flowRunId)).toEqual(['e']);
    expect(second.cursor).toBeUndefined();
  });

  it('refuses a criterion of the wrong kind, naming it', async () => {
    await expect(inspector.flowRuns({ state: 'Cached' as 'Failed' })).rejects.toThrow(
      "flowRuns: `state` must be 'Completed' or 'Failed', got 'Cached'",
    );
    await expect(inspector.flowRuns({ since: new Date(Number.NaN) })).rejects.toThrow(
      'flowRuns: `since` must be a valid Date',
    );
    await expect(inspector.flowRuns({ parameters: { day: 3 as unknown as string } })).rejects.toThrow(
      'flowRuns: `parameters.day` must be a string, got 3',
    );
    await expect(inspector.flowRuns({ limit: 0 })).rejects.toThrow('flowRuns: `limit` must be a whole number');
  });
});

describe('flowRuns reads what the filter needs only', () => {
  // 1000 runs, one an hour; the newest is 0 hours old.
  const HISTORY = Array.from(
    { length: 1000 },
    (_, index): Planted => ({ id: `r${index}`, hoursAgo: index, parameters: { day: `'d${index % 7}'` } }),
  );

  async function history() {
    const memory = new MemoryStorage();
    await plant(memory, HISTORY);
    const watched = counted(memory);
    return { ...watched, inspector: new CacheInspector(watched.storage) };
  }

  it('ends the walk at the first key older than `since`, without reading it', async () => {
    const { inspector, gets } = await history();
    const page = await inspector.flowRuns({ since: new Date(T0 - 4.5 * HOUR) });
    expect(page.flowRuns.map((run) => run.flowRunId)).toEqual(['r0', 'r1', 'r2', 'r3', 'r4']);
    expect(page.cursor).toBeUndefined();
    expect(gets()).toBe(5);
  });

  it('skips the keys newer than `until` unread, listing them a thousand at a time', async () => {
    const { inspector, gets, lists } = await history();
    const page = await inspector.flowRuns({ until: new Date(T0 - 994.5 * HOUR) });
    expect(page.flowRuns.map((run) => run.flowRunId)).toEqual(['r995', 'r996', 'r997', 'r998', 'r999']);
    expect([gets(), lists()]).toEqual([5, 1]);
  });

  it('lists the stretch again, shorter, when it holds more runs to read than the page has room for', async () => {
    const { inspector, gets, lists } = await history();
    const until = new Date(T0 - 900.5 * HOUR);
    const first = await inspector.flowRuns({ until, limit: 20 });
    expect(first.flowRuns.map((run) => run.flowRunId)).toEqual(Array.from({ length: 20 }, (_, i) => `r${901 + i}`));
    expect([gets(), lists()]).toEqual([20, 2]);
    const second = await inspector.flowRuns({ until, limit: 20, cursor: first.cursor });
    expect(second.flowRuns[0].flowRunId).toBe('r921');
    expect(gets()).toBe(40);
  });

  it(`reads at most ${MAX_FLOW_RUN_READS_PER_PAGE} documents for a page a rare filter leaves short`, async () => {
    const { inspector, gets } = await history();
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const before = gets();
      const page = await inspector.flowRuns({ parameters: { never: 'x' }, cursor, limit: 20 });
      expect(gets() - before).toBeLessThanOrEqual(MAX_FLOW_RUN_READS_PER_PAGE);
      seen.push(...page.flowRuns.map((run) => run.flowRunId));
      cursor = page.cursor;
      pages++;
    } while (cursor !== undefined);
    expect(seen).toEqual([]);
    expect(gets()).toBe(1000);
    expect(pages).toBe(5);
  });

  it('pages a filter matching one run in seven: every match once, in order, the page ending at its last', async () => {
    const { inspector, gets } = await history();
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      pages++;
      const page = await inspector.flowRuns({ parameters: { day: 'd3' }, cursor, limit: 25 });
      expect(page.flowRuns.length).toBeLessThanOrEqual(25);
      seen.push(...page.flowRuns.map((run) => run.flowRunId));
      cursor = page.cursor;
    } while (cursor !== undefined);
    expect(seen).toEqual(HISTORY.filter((_, index) => index % 7 === 3).map((run) => run.id));
    // Documents are read in order until a page is full (two at a time: one past a page's last match at most).
    expect(gets()).toBeLessThanOrEqual(1000 + pages);
  });

  it('reads up to `limit` documents when it is above the bound; keys skipped unread do not count', async () => {
    const { inspector, gets } = await history();
    const first = await inspector.flowRuns({ flow: 'nightly', parameters: {}, state: 'Completed', limit: 300 });
    // `limit` above the bound raises it: a page reads up to `limit` documents.
    expect(first.flowRuns).toHaveLength(300);
    const rare = await inspector.flowRuns({ until: new Date(T0 - 299.5 * HOUR), state: 'Failed' });
    expect(rare.flowRuns).toEqual([]);
    expect(rare.cursor).toBeDefined();
    expect(gets()).toBe(300 + MAX_FLOW_RUN_READS_PER_PAGE);
  });
});

describe('flowRuns with a filter over hostile history', () => {
  it('still reports unreadable documents, and never matches a run whose start is not a time to a period', async () => {
    const storage = new MemoryStorage();
    await plant(storage, [{ id: 'good', hoursAgo: 1 }]);
    const badStart = { ...JSON.parse(Buffer.from(encodeRunHistory(plantedSummary('bad-date'))).toString()) };
    badStart.startedAt = 'yesterday';
    await storage.put(runHistoryKey('bad-date', new Date(T0 - 2 * HOUR), 0), Buffer.from(JSON.stringify(badStart)));
    const junk = runHistoryKey('junk', new Date(T0 - 3 * HOUR), 0);
    await storage.put(junk, Buffer.from('{"formatVersion":1'));
    await storage.put('_flowcache/runs/not-a-run-key.json', Buffer.from('[]'));
    const inspector = new CacheInspector(storage);

    const inPeriod = await inspector.flowRuns({ since: new Date(T0 - 10 * HOUR), flow: 'nightly' });
    expect(inPeriod.flowRuns.map((run) => run.flowRunId)).toEqual(['good']);
    expect(inPeriod.unreadable).toEqual([
      { key: junk, problem: 'it is not valid JSON' },
      // Not read: no run can be opened or counted under such a key.
      {
        key: '_flowcache/runs/not-a-run-key.json',
        problem: 'its key is not a run-history key (<start time>-<flow run id>.json)',
      },
    ]);
    // Without a period, the run whose start is not a time is listed as it was kept.
    expect((await inspector.flowRuns({ flow: 'nightly' })).flowRuns.map((run) => run.flowRunId)).toEqual([
      'good',
      'bad-date',
    ]);
  });
});

function plantedSummary(flowRunId: string): FlowRunSummary {
  return {
    flowRunId,
    flowName: 'nightly',
    state: 'Completed',
    parameters: {},
    startedAt: new Date(T0).toISOString(),
    endedAt: new Date(T0).toISOString(),
    durationMs: 0,
    attempts: 1,
    error: null,
    taskRuns: [],
    subflows: [],
    moreTaskRuns: [],
    moreSubflows: [],
  };
}

class Weather {
  @Task({ cacheKeyFn: (_context, [region]) => `weather/${String(region)}` })
  async forecast(region: string): Promise<number> {
    return region.length;
  }

  @Flow({ name: 'morning' })
  async morning(region: string, days: number): Promise<number> {
    return (await this.forecast(region)) * days;
  }
}

describe('flowRuns filters the runs an engine recorded', () => {
  it('by a string parameter given as its text, and a number as its preview', async () => {
    const storage = new MemoryStorage();
    const weather = new Engine({ storage }).attach(new Weather());
    await weather.morning('north', 3);
    await weather.morning('south', 3);
    await weather.morning('north', 7);
    const inspector = new CacheInspector(storage);
    const days = async (filter: FlowRunFilter) =>
      (await inspector.flowRuns(filter)).flowRuns.map((run) => run.parameters.days);
    expect(await days({ parameters: { region: 'north' } })).toEqual(['7', '3']);
    expect(await days({ flow: 'morning', parameters: { region: 'south', days: '3' } })).toEqual(['3']);
  });
});
