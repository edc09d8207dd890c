import 'reflect-metadata';
import { Engine, Flow, MemoryStorage, Task, type FlowcacheSettings } from '../../src';
import { CacheInspector, RUN_HISTORY_PREFIX } from '../../src/records';
import { RecordingLogger, recordKeys, manualClock } from '../support';
import { FailingStorage } from '../../../../test/support/failingStorage';
import { freezeDate } from '../../../../test/support/freezeDate';

class Reports {
  @Task({ cacheKeyFn: (_context, [day]) => `sales/${String(day)}`, cacheExpiration: { hours: 1 } })
  async sales(day: string): Promise<number> {
    if (day === 'bad') throw new Error('no sales on a bad day');
    return day.length;
  }

  @Flow()
  async region(day: string): Promise<number> {
    return this.sales(day);
  }

  @Flow({ name: 'nightly' })
  async nightly(days: string[]): Promise<number> {
    let total = 0;
    for (const day of days) total += await this.region(day);
    return total;
  }
}

function setUp(settings: Partial<FlowcacheSettings> = {}, storage = new MemoryStorage()) {
  const clock = manualClock(Date.UTC(2026, 10, 26, 12));
  const logger = new RecordingLogger();
  const engine = new Engine({ storage, logger, clock: clock.read, settings });
  return {
    storage,
    logger,
    clock,
    reports: engine.attach(new Reports()),
    inspector: new CacheInspector(storage, clock.read),
  };
}

describe('run history', () => {
  it('keeps one object per top-level flow run, with its subflows, task runs and failures', async () => {
    const { storage, reports, inspector } = setUp();
    await reports.nightly(['mon', 'tue']);
    await expect(reports.nightly(['mon', 'bad'])).rejects.toThrow('no sales on a bad day');
    expect((await storage.list(RUN_HISTORY_PREFIX)).objects).toHaveLength(2);

    const { flowRuns } = await inspector.flowRuns();
    const [failed, first] = flowRuns;
    expect(failed).toMatchObject({ flowName: 'nightly', state: 'Failed', error: 'no sales on a bad day' });
    expect(failed.parameters).toEqual({ days: "[ 'mon', 'bad' ]" });
    expect(failed.subflows.map((subflow) => [subflow.flowName, subflow.state])).toEqual([
      ['Reports.region', 'Completed'],
      ['Reports.region', 'Failed'],
    ]);
    expect(failed.subflows[0].taskRuns.map((run) => run.state)).toEqual(['Cached']);
    expect(failed.subflows[1].taskRuns[0]).toMatchObject({
      state: 'Failed',
      cacheKey: 'sales/bad',
      error: 'no sales on a bad day',
    });
    expect(first.subflows[0].taskRuns[0]).toMatchObject({
      taskName: 'Reports.sales',
      state: 'Completed',
      cacheMiss: 'absent',
    });

    // A subflow is found by its own id too.
    const subflow = failed.subflows[1];
    expect(await inspector.flowRun(subflow.flowRunId)).toEqual(subflow);
    expect(await inspector.flowRun(failed.flowRunId)).toEqual(failed);
    expect(await inspector.flowRun('no-such-run')).toBeUndefined();
  });

  describe('in one millisecond', () => {
    // Every flow run below starts at the same instant: only their start order can rank them.
    beforeEach(() => {
      freezeDate(Date.UTC(2026, 10, 26, 12));
    });
    afterEach(() => jest.useRealTimers());

    it('lists flow runs newest first, by the order in which the process started them', async () => {
      const { reports, inspector } = setUp();
      const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun', 'mon2', 'tue2', 'wed2', 'thu2', 'fri2'];
      for (const day of days) await reports.nightly([day]);
      const { flowRuns } = await inspector.flowRuns();
      expect(new Set(flowRuns.map((run) => run.startedAt)).size).toBe(1);
      expect(flowRuns.map((run) => run.parameters.days)).toEqual([...days].reverse().map((day) => `[ '${day}' ]`));
    });

    it('orders by start, not by end: a run that started first and ended last is listed after the other', async () => {
      const { reports, inspector } = setUp();
      let finishFirst!: () => void;
      class Slow {
        @Flow({ name: 'slow' })
        async run(): Promise<void> {
          await new Promise<void>((resolve) => (finishFirst = resolve));
        }
      }
      const slow = new Engine({ storage: inspector.storage }).attach(new Slow());
      const first = slow.run();
      await reports.nightly(['mon']);
      finishFirst();
      await first;
      const { flowRuns } = await inspector.flowRuns();
      expect(flowRuns.map((run) => run.flowName)).toEqual(['nightly', 'slow']);
    });
  });

  it('still reads history objects stored under the keys of earlier versions (start time and id only)', async () => {
    const { storage, reports, inspector } = setUp();
    await reports.nightly(['mon']);
    const [current] = (await storage.list(RUN_HISTORY_PREFIX)).objects;
    const [run] = (await inspector.flowRuns()).flowRuns;
    const inverted = String(9_999_999_999_999 - Date.parse(run.startedAt)).padStart(13, '0');
    const earlierKey = `${RUN_HISTORY_PREFIX}${inverted}-${run.flowRunId}.json`;
    expect(current.key).not.toBe(earlierKey);
    await storage.put(earlierKey, (await storage.get(current.key))!);
    await storage.delete(current.key);
    expect((await inspector.flowRuns()).flowRuns).toEqual([run]);
    expect(await inspector.flowRun(run.flowRunId)).toEqual(run);
    expect((await inspector.stats()).flowRuns).toBe(1);
  });

  it('is not kept with runHistory off, and a failed write is a warning, never a failed flow', async () => {
    const off = setUp({ runHistory: false });
    await off.reports.nightly(['mon']);
    expect((await off.storage.list(RUN_HISTORY_PREFIX)).objects).toEqual([]);

    const refusingHistory = new FailingStorage().fail('put', {
      keys: (key) => key.startsWith(RUN_HISTORY_PREFIX),
      error: () => new Error('history bucket is read-only'),
    });
    const refusing = setUp({}, refusingHistory);
    await expect(refusing.reports.nightly(['mon'])).resolves.toBe(3);
    expect(refusing.logger.warnings).toEqual([
      expect.stringMatching(/history of flow run .* was not written .*read-only/),
    ]);
  });
});

describe('CacheInspector', () => {
  it('lists records page by page with their metadata, leaving the run history out', async () => {
    const { reports, inspector } = setUp();
    await reports.nightly(['mon', 'tue', 'wed']);
    const first = await inspector.list({ limit: 2 });
    const second = await inspector.list({ limit: 2, cursor: first.cursor });
    const keys = [...first.records, ...second.records].map((record) => record.key);
    expect(keys).toEqual(['sales/mon', 'sales/tue', 'sales/wed']);
    expect(first.records[0].metadata).toMatchObject({
      taskName: 'Reports.sales',
      cacheKey: 'sales/mon',
      serializer: 'json/v1',
    });
    expect((await inspector.list({ task: 'Other.task' })).records).toEqual([]);
  });

  it('lists an unreadable record with its problem, counts it as expired and prunes it', async () => {
    const { storage, reports, inspector } = setUp();
    await reports.nightly(['mon']);
    await storage.put('sales/garbage', new Uint8Array(Buffer.from('not a record')));
    const garbage = await inspector.find('sales/garbage');
    expect(garbage).toMatchObject({
      key: 'sales/garbage',
      metadata: undefined,
      expired: true,
      problem: expect.any(String),
    });
    expect(await inspector.stats()).toMatchObject({ count: 2, expired: 1, unreadable: 1, flowRuns: 1 });
    expect((await inspector.prune()).keys).toEqual(['sales/garbage']);
    expect(await recordKeys(storage)).toEqual(['sales/mon']);
  });

  it('invalidates by key, task or prefix, never the run history, and refuses a call without a criterion', async () => {
    const { storage, reports, inspector, clock } = setUp();
    await reports.nightly(['mon', 'tue']);
    await expect(inspector.invalidate({})).rejects.toThrow(RangeError);
    expect(await inspector.invalidate({ key: 'sales/none' })).toEqual([]);
    expect(await inspector.invalidate({ key: 'sales/mon' })).toEqual(['sales/mon']);
    expect(await inspector.invalidate({ prefix: '' })).toEqual(['sales/tue']);
    expect((await storage.list(RUN_HISTORY_PREFIX)).objects).toHaveLength(1);

    // What an invalidated record held is computed again by the next process (a fresh engine).
    clock.now += 1;
    const again = setUp({}, storage);
    await again.reports.nightly(['mon']);
    expect((await inspector.flowRuns()).flowRuns[0].subflows[0].taskRuns[0].state).toBe('Completed');
  });

  it('reads a value, expired or not, and prunes only what has expired', async () => {
    const { reports, inspector, clock } = setUp();
    await reports.nightly(['mon']);
    expect(await inspector.read('sales/mon')).toMatchObject({ value: 3, expired: false });
    clock.now += 3_600_000;
    expect(await inspector.read('sales/mon')).toMatchObject({ value: 3, expired: true });
    expect(await inspector.read('sales/none')).toBeUndefined();
    const [history] = (await inspector.storage.list(RUN_HISTORY_PREFIX)).objects;
    expect(await inspector.read(history.key)).toBeUndefined();
    expect(await inspector.find(history.key)).toBeUndefined();
    const progress: number[] = [];
    expect(await inspector.prune({ dryRun: true, onProgress: (examined) => progress.push(examined) })).toEqual({
      keys: ['sales/mon'],
      bytes: expect.any(Number),
      foreign: { count: 0, names: [] },
    });
    expect(progress).toEqual([1]);
    expect((await inspector.list()).records).toHaveLength(1);
  });
});
