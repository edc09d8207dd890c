/**
 * What caching spared: every Cached task run carries the compute time of the result it returned (the record's
 * `durationMs`), the run history keeps it, in detail and counted, and `CacheInspector.stats` adds up calls, hits,
 * compute time spent and saved over a period, in all and per task.
 */
import 'reflect-metadata';
import { setTimeout as delay } from 'node:timers/promises';
import { Engine, Flow, MemoryStorage, Task, transaction, type FlowcacheSettings, type TaskRunEvent } from '../../src';
import { CacheInspector, readRecordMetadata, type RecordMetadata, SUBFLOW_TASK_RUNS } from '../../src/records';
import { MINIMAL_RUN } from '../../../../test/support/runHistoryDocuments';
import { freezeDate } from '../../../../test/support/freezeDate';

class Models {
  readonly bodies: string[] = [];

  @Task({ cacheKeyFn: (_context, [name]) => `model/${String(name)}` })
  async fit(name: string): Promise<number> {
    this.bodies.push(name);
    await delay(5); // a body that takes time: its record says how long
    return name.length;
  }

  @Task({ cacheKeyFn: (_context, [name]) => `score/${String(name)}` })
  async score(name: string): Promise<number> {
    return (await this.fit(name)) * 2;
  }

  @Flow()
  async train(names: string[]): Promise<number[]> {
    const fitted: number[] = [];
    for (const name of names) fitted.push(await this.fit(name));
    return fitted;
  }

  @Flow()
  async together(name: string): Promise<number[]> {
    return Promise.all([this.fit(name), this.fit(name)]);
  }
}

function engineOn(storage: MemoryStorage, settings: Partial<FlowcacheSettings> = {}) {
  const events: TaskRunEvent[] = [];
  const engine = new Engine({ storage, settings });
  engine.onTaskRun((event) => events.push(event));
  return { engine, events, models: engine.attach(new Models()) };
}

async function recordOf(storage: MemoryStorage, key: string): Promise<RecordMetadata> {
  const metadata = readRecordMetadata(key, (await storage.get(key))!);
  if ('needBytes' in metadata) throw new Error(`${key} is truncated`);
  return metadata;
}

const cachedSavedMs = (events: readonly TaskRunEvent[]) =>
  events.filter((event) => event.state === 'Cached').map((event) => event.savedMs);

afterEach(() => jest.useRealTimers());

describe('compute time saved', () => {
  it('a hit from memory, from storage or from an identical call reports the compute time of its result', async () => {
    const storage = new MemoryStorage();
    const first = engineOn(storage);
    await first.models.train(['a', 'bb']);
    const computed = (await recordOf(storage, 'model/a')).durationMs;
    expect(computed).toBeGreaterThanOrEqual(4);
    expect(first.events.map((event) => [event.state, event.savedMs])).toEqual([
      ['Completed', undefined],
      ['Completed', undefined],
    ]);

    await first.models.train(['a']); // from memory
    await first.engine.flush();
    const second = engineOn(storage);
    await second.models.train(['a']); // from storage
    await second.models.together('c'); // one runs the body, the other joins it
    expect(cachedSavedMs(first.events)).toEqual([computed]);
    expect(cachedSavedMs(second.events)).toEqual([computed, (await recordOf(storage, 'model/c')).durationMs]);
    expect(first.models.bodies).toEqual(['a', 'bb']);
    expect(second.models.bodies).toEqual(['c']);

    const { flowRuns } = await new CacheInspector(storage).flowRuns();
    const cached = flowRuns.flatMap((run) => run.taskRuns).filter((run) => run.state === 'Cached');
    const joined = (await recordOf(storage, 'model/c')).durationMs;
    const byValue = (a: number, b: number) => a - b;
    expect(cached.map((run) => run.savedMs!).sort(byValue)).toEqual([computed, computed, joined].sort(byValue));
  });

  it('a hit on a result staged in the same transaction reports its compute time', async () => {
    const storage = new MemoryStorage();
    const { models, events } = engineOn(storage);
    await transaction(async () => {
      await models.score('abc'); // stages score and fit, committed when the block ends
      await models.fit('abc'); // fit, staged above
    });
    const fit = events.filter((event) => event.taskName === 'Models.fit');
    expect(fit.map((event) => event.state)).toEqual(['Completed', 'Cached']);
    expect(fit[1].savedMs).toBe((await recordOf(storage, 'model/abc')).durationMs);
  });

  it('counted task runs beyond the detail budget keep the sums of compute time spent and saved', async () => {
    const storage = new MemoryStorage();
    const { models, events } = engineOn(storage, { runHistoryDetail: 1 });
    await models.train(['a', 'b', 'a', 'b', 'a']);
    const computed = Object.fromEntries(
      await Promise.all(['a', 'b'].map(async (name) => [name, (await recordOf(storage, `model/${name}`)).durationMs])),
    );
    const { flowRuns } = await new CacheInspector(storage).flowRuns();
    const [run] = flowRuns;
    expect(run.taskRuns.map((taskRun) => taskRun.state)).toEqual(['Completed']);
    const [counted] = run.moreTaskRuns;
    expect(counted).toMatchObject({ taskName: 'Models.fit', count: 4, states: { Completed: 1, Cached: 3 } });
    expect(counted.savedMs).toBeCloseTo(2 * computed.a + computed.b, 9);
    const completedDurations = events.filter((event) => event.state === 'Completed').map((event) => event.durationMs);
    expect(counted.computeMs).toBeCloseTo(completedDurations[1], 9);
  });

  it('stats add up calls, hits, compute time spent and saved per task, over the period asked', async () => {
    const storage = new MemoryStorage();
    const { models } = engineOn(storage);
    const monday = Date.UTC(2026, 11, 7, 8);
    const tuesday = monday + 24 * 3_600_000;
    freezeDate(monday);
    await models.train(['a', 'b']);
    freezeDate(tuesday);
    await models.train(['a', 'b', 'c']);
    jest.useRealTimers();
    const spent = async (name: string) => (await recordOf(storage, `model/${name}`)).durationMs;
    const inspector = new CacheInspector(storage);

    const all = (await inspector.stats()).runs;
    expect(all).toMatchObject({ calls: 5, hits: 2, hitRatio: 0.4, flowRuns: 2, unreadable: 0 });
    expect(all.savedMs).toBeCloseTo((await spent('a')) + (await spent('b')), 9);
    expect(all.computeMs).toBeGreaterThanOrEqual((await spent('a')) + (await spent('b')) + (await spent('c')));
    expect(Object.keys(all.tasks)).toEqual(['Models.fit']);
    expect(all.tasks['Models.fit']).toMatchObject({ calls: 5, hits: 2, hitRatio: 0.4 });

    const onTuesday = (await inspector.stats({ since: new Date(tuesday) })).runs;
    expect(onTuesday).toMatchObject({ calls: 3, hits: 2, flowRuns: 1, computeMs: expect.any(Number) });
    expect(onTuesday.savedMs).toBeCloseTo(all.savedMs, 9);
    const onMonday = (await inspector.stats({ until: new Date(tuesday) })).runs;
    expect(onMonday).toMatchObject({ calls: 2, hits: 0, hitRatio: 0, savedMs: 0, flowRuns: 1 });
    const none = (await inspector.stats({ since: new Date(tuesday + 1) })).runs;
    expect(none).toMatchObject({ calls: 0, hits: 0, hitRatio: null, computeMs: 0, savedMs: 0, tasks: {} });

    await expect(inspector.stats({ since: new Date('next week') })).rejects.toThrow(
      new RangeError('stats: `since` must be a valid Date, got Invalid Date'),
    );
  });

  it('stats take a stored count that is not a finite number ≥ 0 as 0; a bad savedMs skips its run', async () => {
    const storage = new MemoryStorage();
    const durations = { cacheMisses: {}, totalDurationMs: 1, minDurationMs: 0, maxDurationMs: 1 };
    const planted = {
      ...MINIMAL_RUN,
      flowRunId: 'planted',
      subflows: [],
      moreTaskRuns: [
        // Infinity (1e400 in JSON), a text, a negative count, and more hits than calls: none may turn a sum to NaN.
        { taskName: '__proto__', count: 2, states: { Cached: 10 }, ...durations, savedMs: 'lots', computeMs: -3 },
        // Written before computeMs existed: the durations of all its runs stand for the compute time.
        { taskName: 'T', count: -1, states: { Cached: 1 }, ...durations, totalDurationMs: 7 },
      ],
      moreSubflows: [
        { flowName: 'S', count: 1, states: {}, ...durations, taskRunStates: { Completed: 2, Cached: 1, Failed: 'x' } },
      ],
    };
    const text = JSON.stringify(planted).replace('"savedMs":"lots"', '"savedMs":1e400');
    await storage.put('_flowcache/runs/0000000000001-planted.json', Buffer.from(text));
    const badTaskRun = {
      taskRunId: 't',
      taskName: 'T',
      state: 'Cached',
      cacheKey: 'k',
      startedAt: MINIMAL_RUN.startedAt,
      endedAt: MINIMAL_RUN.endedAt,
      durationMs: 1,
      attempts: 0,
      cacheMiss: null,
      error: null,
      savedMs: '5',
    };
    const bad = { ...MINIMAL_RUN, flowRunId: 'bad', taskRuns: [badTaskRun] };
    await storage.put('_flowcache/runs/0000000000002-bad.json', Buffer.from(JSON.stringify(bad)));

    const { runs } = await new CacheInspector(storage).stats();
    expect(runs).toMatchObject({ calls: 5, hits: 3, computeMs: 7, savedMs: 0, flowRuns: 1, unreadable: 1 });
    expect(Object.getPrototypeOf(runs.tasks)).toBeNull();
    expect(Object.keys(runs.tasks)).toEqual(['__proto__', 'T', SUBFLOW_TASK_RUNS]);
    expect(Object.getOwnPropertyDescriptor(runs.tasks, '__proto__')?.value).toMatchObject({
      calls: 2,
      hits: 2,
      hitRatio: 1,
      computeMs: 0,
      savedMs: 0,
    });
    expect(runs.tasks.T).toMatchObject({ calls: 0, hits: 0, hitRatio: null, computeMs: 7 });
    expect(runs.tasks[SUBFLOW_TASK_RUNS]).toMatchObject({ calls: 3, hits: 1 });
  });

  it('keeps sums and the hit ratio finite when planted counts would sum past the largest number', async () => {
    const storage = new MemoryStorage();
    const huge = { taskName: 'T', count: 1e308, states: { Cached: 1e308 }, cacheMisses: {}, totalDurationMs: 0 };
    for (const id of ['a', 'b']) {
      const run = { ...MINIMAL_RUN, flowRunId: id, moreTaskRuns: [{ ...huge, minDurationMs: 0, maxDurationMs: 0 }] };
      await storage.put(
        `_flowcache/runs/000000000000${id === 'a' ? 1 : 2}-${id}.json`,
        Buffer.from(JSON.stringify(run)),
      );
    }
    const { runs } = await new CacheInspector(storage).stats();
    expect(Number.isFinite(runs.calls)).toBe(true);
    expect(runs.hitRatio).toBe(1);
    expect(runs.tasks.T.hitRatio).toBe(1);
  });
});
