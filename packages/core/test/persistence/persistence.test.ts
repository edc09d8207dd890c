import 'reflect-metadata';
import { Container } from 'inversify';
import {
  Engine,
  Flow,
  installFlowcache,
  MemoryStorage,
  RESULT_STORAGE,
  Task,
  taskInputHash,
  type ResultStorage,
  type TaskRunEvent,
} from '../../src';
import { decodeRecord, readStoredMetadata } from '../../src/records';
import { FailingStorage } from '../../../../test/support/failingStorage';
import { RecordingLogger, recordKeys } from '../support';

const DISK_FULL = { error: () => new Error('disk full') };
const UNREACHABLE = { error: () => new Error('storage unreachable') };

let bodyRuns = 0;

class Reports {
  @Task({ cacheKeyFn: taskInputHash })
  async persisted(day: string): Promise<{ day: string; total: number }> {
    bodyRuns++;
    return { day, total: day.length };
  }

  @Task({ cacheKeyFn: taskInputHash, persistResult: false })
  async memoryOnly(day: string): Promise<string> {
    bodyRuns++;
    return day;
  }

  @Task()
  async plain(day: string): Promise<string> {
    bodyRuns++;
    return day;
  }

  @Task({ cacheKeyFn: taskInputHash, persistMode: 'background' })
  async background(day: string): Promise<string> {
    bodyRuns++;
    return `bg ${day}`;
  }

  @Task({ cacheKeyFn: taskInputHash })
  async unserializable(day: string): Promise<{ day: string; format: () => string }> {
    bodyRuns++;
    return { day, format: () => day };
  }

  @Task({ cacheKeyFn: taskInputHash, cacheResultInMemory: false })
  async large(day: string): Promise<string> {
    bodyRuns++;
    return day.repeat(3);
  }

  @Flow({ persistResult: true })
  async persistingFlow(day: string): Promise<string> {
    return this.plain(day);
  }

  @Flow()
  async plainFlow(day: string): Promise<string> {
    return this.plain(day);
  }

  @Flow()
  async backgroundFlow(day: string): Promise<string> {
    return this.background(day);
  }
}

function engineOn(storage: ResultStorage, settings: { persistResultsByDefault?: boolean } = {}) {
  const logger = new RecordingLogger();
  const engine = new Engine({ storage, logger, settings });
  const events: TaskRunEvent[] = [];
  engine.onTaskRun((event) => events.push(event));
  return { engine, logger, events, reports: engine.attach(new Reports()) };
}

beforeEach(() => {
  bodyRuns = 0;
});

describe('persisted results', () => {
  it('are written as records and reused by another engine (another process) on the same storage', async () => {
    const storage = new MemoryStorage();
    const first = engineOn(storage);
    await expect(first.reports.persisted('mon')).resolves.toEqual({ day: 'mon', total: 3 });
    const key = first.events[0].cacheKey!;
    const { metadata } = decodeRecord(key, (await storage.get(key))!);
    expect(metadata).toMatchObject({
      formatVersion: 1,
      storageKey: key,
      cacheKey: key,
      taskName: 'Reports.persisted',
      serializer: 'json/v1',
      expiresAt: null,
      flowRunId: null,
      digest: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(await readStoredMetadata(storage, key)).toEqual(metadata);

    const second = engineOn(storage);
    await expect(second.reports.persisted('mon')).resolves.toEqual({ day: 'mon', total: 3 });
    expect(bodyRuns).toBe(1);
    expect(second.events.map((event) => event.state)).toEqual(['Cached']);
  });

  it('follow the Prefect rules: explicit option, then flow, then setting; cache options imply persisting', async () => {
    const storage = new MemoryStorage();
    const { reports } = engineOn(storage);
    await reports.memoryOnly('a');
    await reports.plain('b');
    expect(await recordKeys(storage)).toHaveLength(0);
    await reports.persistingFlow('c');
    expect(await recordKeys(storage)).toHaveLength(1);

    const bySetting = new MemoryStorage();
    const persisting = engineOn(bySetting, { persistResultsByDefault: true }).reports;
    await persisting.plainFlow('d');
    expect(await recordKeys(bySetting)).toHaveLength(1);
    // Outside a flow the default key holds the call's own run id: a record nobody could read is not written.
    await persisting.plain('e');
    expect(await recordKeys(bySetting)).toHaveLength(1);
  });

  it('never lose a value the serializer refuses: the call returns it, a warning names the task and path', async () => {
    const storage = new MemoryStorage();
    const { reports, logger } = engineOn(storage);
    const value = await reports.unserializable('mon');
    expect(value.format()).toBe('mon');
    await reports.unserializable('tue');
    expect(await recordKeys(storage)).toHaveLength(0);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(
      /Reports\.unserializable returned a value that was not persisted .*result\.format/,
    );
  });

  it('never lose a value when the write fails, nor fail the call when the storage cannot be read', async () => {
    const storage = new FailingStorage();
    const { reports, logger } = engineOn(storage);
    storage.fail('put', DISK_FULL);
    await expect(reports.persisted('mon')).resolves.toEqual({ day: 'mon', total: 3 });
    expect(logger.warnings[0]).toMatch(/writing its result .* failed .*disk full/);

    storage.recover('put');
    storage.fail('get', UNREACHABLE);
    const other = engineOn(storage);
    await expect(other.reports.persisted('mon')).resolves.toEqual({ day: 'mon', total: 3 });
    expect(other.logger.warnings[0]).toMatch(/runs without its stored result: storage unreachable/);
    expect(bodyRuns).toBe(2);
  });

  it.each([
    ['truncated', (bytes: Buffer) => bytes.subarray(0, bytes.length - 3)],
    [
      'bit-flipped',
      (bytes: Buffer) => Buffer.from(bytes.map((byte, index) => (index === bytes.length - 2 ? byte ^ 1 : byte))),
    ],
    ['from a future format', (bytes: Buffer) => Buffer.from(bytes.map((byte, index) => (index === 3 ? 9 : byte)))],
    ['garbage', () => Buffer.from('not a record at all')],
    ['empty', () => Buffer.alloc(0)],
  ])('treat a %s record as a miss: recompute, warn once, overwrite', async (_label, damage) => {
    const storage = new MemoryStorage();
    const first = engineOn(storage);
    await first.reports.persisted('mon');
    const key = first.events[0].cacheKey!;
    await storage.put(key, damage(Buffer.from((await storage.get(key))!)));

    const second = engineOn(storage);
    await expect(second.reports.persisted('mon')).resolves.toEqual({ day: 'mon', total: 3 });
    expect(second.events[0].cacheMiss).toEqual({ reason: 'unreadable' });
    expect(second.logger.warnings).toHaveLength(1);
    expect(second.logger.warnings[0]).toMatch(/recomputes and overwrites a stored result/);
    expect(() => decodeRecord(key, (async () => undefined) as never)).toThrow();
    expect(decodeRecord(key, (await storage.get(key))!).metadata.taskName).toBe('Reports.persisted');
    expect(bodyRuns).toBe(2);
  });

  it('refuses a record copied from another key, or whose expiry was edited', async () => {
    const storage = new MemoryStorage();
    const first = engineOn(storage);
    await first.reports.persisted('mon');
    await first.reports.persisted('tue');
    const [monKey, tueKey] = first.events.map((event) => event.cacheKey!);
    await storage.put(tueKey, (await storage.get(monKey))!);
    const second = engineOn(storage);
    await expect(second.reports.persisted('tue')).resolves.toEqual({ day: 'tue', total: 3 });
    expect(second.logger.warnings[0]).toMatch(/it was written for the key .* \(copied\?\)/);

    const record = Buffer.from((await storage.get(monKey))!);
    const edited = Buffer.from(
      record.toString('latin1').replace('"expiresAt":null', '"expiresAt":"2099-01-01T00:00:00.000Z"'),
      'latin1',
    );
    edited.writeUInt32BE(record.readUInt32BE(4) + '"2099-01-01T00:00:00.000Z"'.length - 'null'.length, 4);
    await storage.put(monKey, edited);
    const third = engineOn(storage);
    await third.reports.persisted('mon');
    expect(third.logger.warnings[0]).toMatch(/does not match its digest/);
    expect(bodyRuns).toBe(4);
  });

  it('can skip the memory tier for large values and still be cached from storage', async () => {
    const storage = new MemoryStorage();
    const { engine, reports, events } = engineOn(storage);
    await reports.large('ab');
    await reports.large('ab');
    expect(bodyRuns).toBe(1);
    expect(engine.results.size).toBe(0);
    expect(events.map((event) => event.state)).toEqual(['Completed', 'Cached']);
  });
});

describe('background persistence', () => {
  it('returns before the write, which the enclosing flow and flush() wait for', async () => {
    const storage = new FailingStorage();
    const open = storage.holdWrites();
    const { engine, reports } = engineOn(storage);

    await expect(reports.background('mon')).resolves.toBe('bg mon');
    expect(storage.writesThrough).toBe(0);
    let flowDone = false;
    const flow = reports.backgroundFlow('tue').then(() => (flowDone = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(flowDone).toBe(false);
    open();
    await flow;
    expect(storage.writesThrough).toBe(3); // the two results, then the flow run's history
    await engine.flush();
    expect(engine.pendingWriteCount).toBe(0);
  });

  it('reports a failed background write instead of dropping it silently', async () => {
    const storage = new FailingStorage().fail('put', DISK_FULL);
    const { engine, reports, logger } = engineOn(storage);
    await expect(reports.background('mon')).resolves.toBe('bg mon');
    await engine.flush();
    expect(logger.warnings).toEqual([
      expect.stringMatching(/Reports\.background: writing its result .* failed .*disk full/),
    ]);
  });
});

describe('the container’s default storage', () => {
  it('is the RESULT_STORAGE binding, read only when a result is first persisted', async () => {
    const storage = new MemoryStorage();
    let resolved = 0;
    const container = new Container();
    container.bind(RESULT_STORAGE).toDynamicValue(() => {
      resolved++;
      return storage;
    });
    const engine = installFlowcache(container, { logger: new RecordingLogger() });
    const reports = engine.attach(new Reports());
    await reports.memoryOnly('a');
    expect(resolved).toBe(0);
    await reports.persisted('a');
    expect(resolved).toBe(1);
    expect(await recordKeys(storage)).toHaveLength(1);
  });
});

describe('strict persistence', () => {
  class Strict {
    @Task({ cacheKeyFn: taskInputHash, strictPersistence: true })
    async unserializable(day: string): Promise<() => string> {
      return () => day;
    }

    @Task({ cacheKeyFn: taskInputHash, strictPersistence: true })
    async persisted(day: string): Promise<string> {
      return day;
    }
  }

  it('fails the call when the result cannot be serialized or the write fails, and keeps nothing', async () => {
    const storage = new FailingStorage();
    const engine = new Engine({ storage, logger: new RecordingLogger() });
    const strict = engine.attach(new Strict());
    await expect(strict.unserializable('mon')).rejects.toThrow(
      'Strict.unserializable: serializer json/v1 cannot handle result: a function cannot be stored',
    );
    storage.fail('put', DISK_FULL);
    await expect(strict.persisted('mon')).rejects.toThrow('disk full');
    expect(engine.results.size).toBe(0);
    storage.recover('put');
    await expect(strict.persisted('mon')).resolves.toBe('mon');
  });
});
