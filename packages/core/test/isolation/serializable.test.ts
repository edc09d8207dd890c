import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ConfigurationError,
  Engine,
  getDefaultEngine,
  MemoryLockManager,
  MemoryStorage,
  Task,
  taskInputHash,
  withCacheOverrides,
  type TaskRunEvent,
} from '../../src';
import { RecordingLogger } from '../support';

let bodyRuns = 0;

class Model {
  @Task({ cacheKeyFn: taskInputHash, isolationLevel: 'SERIALIZABLE' })
  async train(dataset: string): Promise<string> {
    bodyRuns++;
    await sleep(50);
    return `model of ${dataset} #${bodyRuns}`;
  }

  @Task({ cacheKeyFn: taskInputHash })
  async trainReadCommitted(dataset: string): Promise<string> {
    bodyRuns++;
    await sleep(50);
    return `model of ${dataset} #${bodyRuns}`;
  }
}

/** Two engines on one storage and one lock manager stand for two processes sharing a bucket and locks. */
function twoWorkers(lockManager: MemoryLockManager | undefined) {
  const storage = new MemoryStorage();
  const events: TaskRunEvent[] = [];
  const worker = () => {
    const engine = new Engine({ storage, lockManager, logger: new RecordingLogger() });
    engine.onTaskRun((event) => events.push(event));
    return engine.attach(new Model());
  };
  return { first: worker(), second: worker(), events };
}

beforeEach(() => {
  bodyRuns = 0;
});

describe('SERIALIZABLE isolation', () => {
  it('runs the body once across workers: the first computes, the others wait and read its record', async () => {
    const { first, second, events } = twoWorkers(new MemoryLockManager());
    const results = await Promise.all([first.train('sales'), second.train('sales'), first.train('sales')]);
    expect(new Set(results)).toEqual(new Set(['model of sales #1']));
    expect(bodyRuns).toBe(1);
    expect(events.map((event) => event.state).sort()).toEqual(['Cached', 'Cached', 'Completed']);
  });

  it('lets the waiters read the result together once the holder commits, not taking the lock in turn', async () => {
    const locks = new MemoryLockManager();
    const leases: string[] = [];
    const acquire = locks.acquire.bind(locks);
    locks.acquire = async (key, holder, options) => {
      const lease = await acquire(key, holder, options);
      if (lease !== undefined) leases.push(holder);
      return lease;
    };
    const storage = new MemoryStorage();
    const workers = Array.from({ length: 8 }, () => new Engine({ storage, lockManager: locks }).attach(new Model()));
    const results = await Promise.all(workers.map((worker) => worker.train('sales')));
    expect(new Set(results)).toEqual(new Set(['model of sales #1']));
    expect(bodyRuns).toBe(1);
    expect(leases).toHaveLength(1);
  });

  it('with a refresh, each waiter takes the lock and computes anew', async () => {
    const { first, second } = twoWorkers(new MemoryLockManager());
    await first.train('sales');
    await withCacheOverrides({ refresh: true }, () => Promise.all([first.train('sales'), second.train('sales')]));
    expect(bodyRuns).toBe(3);
  });

  it('differs from READ_COMMITTED, where concurrent workers may both run the body', async () => {
    const { first, second } = twoWorkers(new MemoryLockManager());
    await Promise.all([first.trainReadCommitted('sales'), second.trainReadCommitted('sales')]);
    expect(bodyRuns).toBe(2);
  });

  it('cannot be attached to an engine without a lock manager, at startup rather than on the first call', () => {
    expect(() => twoWorkers(undefined)).toThrow(ConfigurationError);
    expect(() => twoWorkers(undefined)).toThrow(/Model\.train is SERIALIZABLE but no lock manager is configured/);
    expect(() => new Engine({ lockManager: new MemoryLockManager() }).attach(new Model())).not.toThrow();
  });

  it('fails a call with a clear error when an unattached instance has no lock manager', async () => {
    const logger = new RecordingLogger();
    const defaultEngine = getDefaultEngine();
    const warn = defaultEngine.logger.warn;
    defaultEngine.logger.warn = (message) => logger.warn(message);
    try {
      await expect(new Model().train('sales')).rejects.toThrow(
        /Model\.train is SERIALIZABLE but no lock manager is configured/,
      );
    } finally {
      defaultEngine.logger.warn = warn;
    }
    expect(bodyRuns).toBe(0);
  });
});
