import 'reflect-metadata';
import {
  Engine,
  Flow,
  MemoryLockManager,
  MemoryStorage,
  Task,
  type CacheKeyFn,
  type FlowcacheSettings,
} from '../../src';
import type { GetOptions } from '../../src/adapters';
import { KIND_WINDOW_MS, REMEMBERED_TOPICS, SHOWN_PER_KIND } from '../../src/engine/OnceWarnings';
import { MAX_PENDING_WRITES } from '../../src/engine/PendingWrites';
import { trackedLockKeys } from '../../src/locks/lockHolders';
import { liveWaits } from '../../src/transactions/waitsBetweenTransactions';
import { RecordingLogger, manualClock } from '../support';
import { bytes } from '../../../../test/support/bytes';
import { FailingStorage } from '../../../../test/support/failingStorage';

// Traffic of many distinct keys leaves nothing behind but what is bounded: the warn-once topics, the calls
// running, the lock tables, the background writes pending, the listeners.

const byKey: CacheKeyFn = (_context, [key]) => `key-${String(key)}`;

/** Every record it holds reads back as garbage: each call is a corrupt-record miss with its own warning topic. */
class CorruptStorage extends MemoryStorage {
  override async get(key: string, options?: GetOptions): Promise<Uint8Array | undefined> {
    return (await super.get(key, options)) === undefined ? undefined : bytes('not a record');
  }
}

class Service {
  @Task({ cacheKeyFn: byKey })
  async load(key: number): Promise<string> {
    if (key % 10 === 3) throw new Error(`no row ${key}`);
    return `row ${key}`;
  }

  @Task({ cacheKeyFn: byKey, persistMode: 'background' })
  async loadInBackground(key: number): Promise<string> {
    return `row ${key}`;
  }

  @Task({ cacheKeyFn: byKey, isolationLevel: 'SERIALIZABLE' })
  async loadSerialized(key: number): Promise<string> {
    await Promise.resolve();
    if (key % 10 === 3) throw new Error(`no row ${key}`);
    return `row ${key}`;
  }

  @Flow()
  async nightly(keys: number[]): Promise<number> {
    const settled = await Promise.allSettled(keys.map((key) => this.load(key)));
    return settled.filter((outcome) => outcome.status === 'fulfilled').length;
  }
}

function engineWith(options: {
  storage?: MemoryStorage;
  lockManager?: MemoryLockManager;
  settings?: Partial<FlowcacheSettings>;
}) {
  const logger = new RecordingLogger();
  const clock = manualClock(Date.UTC(2026, 0, 1));
  const engine = new Engine({
    logger,
    clock: clock.read,
    storage: options.storage ?? new MemoryStorage(),
    lockManager: options.lockManager ?? new MemoryLockManager(),
    settings: { memoryCacheSize: 10, runHistory: false, ...options.settings },
  });
  return { engine, logger, clock, service: engine.attach(new Service()) };
}

const range = (count: number, from = 0) => Array.from({ length: count }, (_, index) => from + index);

describe('a corrupt store with many more bad records than warn-once topics kept', () => {
  it('keeps the topics bounded, logs a bounded summary, and warns again about a record that comes back', async () => {
    const storage = new CorruptStorage();
    const { engine, logger, clock, service } = engineWith({ storage });
    const count = REMEMBERED_TOPICS + 1000;
    for (const key of range(count)) await storage.put(`key-${key * 10}`, new Uint8Array(1));
    for (const key of range(count)) await service.load(key * 10); // no failures: keys end in 0

    expect(engine.rememberedWarnings).toBe(REMEMBERED_TOPICS);
    expect(logger.warnings).toHaveLength(SHOWN_PER_KIND + 1);
    expect(logger.warnings[SHOWN_PER_KIND]).toMatch(/^more "corrupt" warnings follow; they are counted, not shown/);

    // A minute later, the first record (long out of the memory tier and of the topics) is reported again.
    logger.warnings.length = 0;
    clock.now += KIND_WINDOW_MS;
    await expect(service.load(0)).resolves.toBe('row 0');
    expect(logger.warnings).toEqual([
      `…and ${count - SHOWN_PER_KIND} more "corrupt" warning(s) since 2026-01-01T00:00:00.000Z were not shown`,
      expect.stringMatching(/^Service\.load recomputes and overwrites a stored result in memory:\/\/default: .*key-0/),
    ]);
  });
});

describe('calls that end leave no entry behind', () => {
  it('in-flight: none once many distinct calls, some failing and some identical, have ended', async () => {
    const { engine, service } = engineWith({});
    const keys = [...range(5000), ...range(100)]; // 100 of them twice at once: joined
    const outcomes = await Promise.allSettled(keys.map((key) => service.load(key)));
    expect(outcomes.filter((outcome) => outcome.status === 'rejected')).toHaveLength(510);
    expect(engine.runningCallCount).toBe(0);
  });

  it('in a flow run with many calls and in many flow runs: none in flight or pending once they end', async () => {
    const { engine, service } = engineWith({});
    await expect(service.nightly(range(5000))).resolves.toBe(4500);
    for (const start of range(200)) await service.nightly(range(10, 10_000 + start * 10));
    expect(engine.runningCallCount).toBe(0);
    expect(engine.pendingWriteCount).toBe(0);
  });

  it('lock tables: none once SERIALIZABLE calls have ended, failed, or waited past lockWaitMs', async () => {
    const lockManager = new MemoryLockManager();
    const { engine, service, logger } = engineWith({ lockManager, settings: { lockWaitMs: 20 } });
    const outcomes = await Promise.allSettled(
      [...range(2000), ...range(100)].map((key) => service.loadSerialized(key)),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'rejected').length).toBeGreaterThanOrEqual(200);

    // Another holder keeps one key's lock: the call waits lockWaitMs, then runs without it.
    const foreign = await lockManager.acquire('key-5001', 'another process', { leaseMs: 60_000 });
    await expect(service.loadSerialized(5001)).resolves.toBe('row 5001');
    expect(logger.warnings).toEqual([
      expect.stringMatching(/loadSerialized runs without its lock: another holder kept it too long/),
    ]);
    await lockManager.release(foreign!);

    expect(trackedLockKeys(lockManager)).toBe(0);
    expect(lockManager.trackedKeys).toBe(0);
    expect(liveWaits()).toBe(0);
    expect(engine.runningCallCount).toBe(0);
  });

  it('listeners: none once as many have been added and removed', () => {
    // Telemetry off: when on, it is a listener of its own for the engine's whole life.
    const { engine } = engineWith({ settings: { telemetry: false } });
    for (const _ of range(100_000)) engine.onTaskRun(() => undefined)();
    expect(engine.taskRunListeners.isEmpty).toBe(true);
  });
});

describe('background writes slower than the calls', () => {
  it('are at most MAX_PENDING_WRITES pending: further calls wait for room, and every record is written', async () => {
    const storage = new FailingStorage();
    const open = storage.holdWrites();
    const { engine, service } = engineWith({ storage });
    const count = MAX_PENDING_WRITES + 200;
    const calls = range(count).map((key) => service.loadInBackground(key));
    while (storage.attempts.put < MAX_PENDING_WRITES) await new Promise((resolve) => setImmediate(resolve));
    for (const _ of range(10)) await new Promise((resolve) => setImmediate(resolve));
    expect(storage.attempts.put).toBe(MAX_PENDING_WRITES);
    expect(engine.pendingWriteCount).toBe(MAX_PENDING_WRITES);

    open();
    await expect(Promise.all(calls)).resolves.toHaveLength(count);
    await engine.flush();
    expect(engine.pendingWriteCount).toBe(0);
    expect(storage.attempts.put).toBe(count);
  });
});
