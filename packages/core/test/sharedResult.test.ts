import { Engine, MemoryStorage, Task, jsonSerializer } from '../src';
import { encodeRecord } from '../src/records';
import { RecordingLogger, testEngine } from './support';

class Prices {
  runs = 0;

  @Task({ cacheKeyFn: () => 'shared' })
  async euros(): Promise<string> {
    this.runs++;
    return 'EUR';
  }

  @Task({ cacheKeyFn: () => 'shared' })
  async dollars(): Promise<string> {
    this.runs++;
    return 'USD';
  }

  @Task({ cacheKeyFn: () => 'own' })
  async own(): Promise<string> {
    this.runs++;
    return 'own';
  }
}

const SHARED = /is served the result that task/;

describe('a result served to a task other than the one that stored it', () => {
  it('is served, as keys are shared by a storage, with a warning naming both tasks, the key and the fix', async () => {
    const { engine, logger } = testEngine();
    const prices = engine.attach(new Prices());
    expect(await prices.euros()).toBe('EUR');
    expect(await prices.dollars()).toBe('EUR');
    expect(await prices.dollars()).toBe('EUR');
    expect(prices.runs).toBe(1);
    expect(logger.warnings).toEqual([
      'Prices.dollars is served the result that task "Prices.euros" ' +
        'stored under the same cache key "shared": cache keys ' +
        'are shared by every task of a storage. If these tasks ' +
        'compute different things, make their keys differ, e.g. ' +
        'cacheKeyFn: taskInputHash (it includes the task), or a prefix naming the task ("Prices.dollars/…").',
    ]);
  });

  it('warns when the shared result is read from storage by another engine, too', async () => {
    const storage = new MemoryStorage();
    const writer = new Engine({ storage, logger: new RecordingLogger() }).attach(new Prices());
    await writer.euros();
    const logger = new RecordingLogger();
    const reader = new Engine({ storage, logger }).attach(new Prices());
    expect(await reader.dollars()).toBe('EUR');
    expect(reader.runs).toBe(0);
    expect(logger.warnings.filter((line) => SHARED.test(line))).toHaveLength(1);
    expect(logger.warnings[0]).toContain('Prices.dollars is served the result that task "Prices.euros" stored');
  });

  it('says nothing when a task is served its own result', async () => {
    const { engine, logger } = testEngine();
    const prices = engine.attach(new Prices());
    await prices.own();
    await prices.own();
    expect(prices.runs).toBe(1);
    expect(logger.warnings).toEqual([]);
  });

  it('shows a planted task name quoted, shortened and with hidden characters spelled out', async () => {
    const storage = new MemoryStorage();
    const planted = `Evil\u202e\n${'x'.repeat(500)}`;
    const facts = {
      storageKey: 'shared',
      taskName: planted,
      cacheKey: 'shared',
      createdAt: new Date().toISOString(),
      expiresAt: null,
      serializer: jsonSerializer.id,
      flowRunId: null,
      durationMs: 1,
    };
    await storage.put('shared', encodeRecord(facts, jsonSerializer.serialize('planted')));
    const logger = new RecordingLogger();
    const prices = new Engine({ storage, logger }).attach(new Prices());
    await prices.dollars();
    const [warning] = logger.warnings.filter((line) => SHARED.test(line));
    expect(warning).toContain('task "Evil\\u202e\\nxxx');
    expect(warning).not.toMatch(/[\u202e\n]/);
    expect(warning.length).toBeLessThan(700);
  });
});
