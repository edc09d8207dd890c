import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Engine, MemoryLockManager, MemoryStorage, StorageError, Task, taskInputHash } from '../../src';
import type { AcquireOptions, Lease } from '../../src/adapters';
import { RecordingLogger, recordKeys } from '../support';
import { FailingStorage } from '../../../../test/support/failingStorage';

class Mailer {
  sent = 0;

  @Task({ cacheKeyFn: taskInputHash, persistResult: true })
  async send(to: string): Promise<string> {
    this.sent++; // the side effect that must not be repeated because a read failed
    return `sent to ${to}`;
  }
}

function setUp(settings: { storageRetries?: number } = {}) {
  // the run history is not what these tests count
  const storage = new FailingStorage((key) => key.startsWith('_flowcache/'));
  const logger = new RecordingLogger();
  const engine = new Engine({ storage, logger, settings: { storageRetryDelayMs: 1, ...settings } });
  return { storage, logger, mailer: engine.attach(new Mailer()) };
}

describe('storage retries', () => {
  it('retry a read that fails transiently, so a stored result is used and the body not run again', async () => {
    const { storage, logger, mailer } = setUp();
    await mailer.send('ada');
    // Another process sharing the storage: nothing in its memory.
    const second = new Engine({ storage, logger, settings: { storageRetryDelayMs: 1 } }).attach(new Mailer());
    storage.failNext('get', 2, { transient: true });
    storage.attempts.get = 0;
    await expect(second.send('ada')).resolves.toBe('sent to ada');
    expect(second.sent).toBe(0);
    expect(storage.attempts.get).toBe(3);
    expect(logger.warnings).toEqual([]);
  });

  it('retry a write that fails transiently: the record is stored', async () => {
    const { storage, logger, mailer } = setUp();
    storage.failNext('put', 2, { transient: true });
    await expect(mailer.send('ada')).resolves.toBe('sent to ada');
    expect(storage.attempts.put).toBe(3);
    expect(await recordKeys(storage)).toHaveLength(1);
    expect(logger.warnings).toEqual([]);
  });

  it('give up after storageRetries: the call returns its value, one warning says how often it tried', async () => {
    const { storage, logger, mailer } = setUp({ storageRetries: 1 });
    storage.failNext('put', 2, { transient: true });
    await expect(mailer.send('ada')).resolves.toBe('sent to ada');
    expect(storage.attempts.put).toBe(2);
    expect(await recordKeys(storage)).toEqual([]);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/^Mailer\.send: writing its result .* failed .*SlowDown \(tried 2 times\)$/);
  });

  it('never retry a failure that is not transient', async () => {
    const { storage, logger, mailer } = setUp();
    storage.failNext('get', 1, { transient: false });
    await expect(mailer.send('ada')).resolves.toBe('sent to ada');
    expect(storage.attempts.get).toBe(1);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/^Mailer\.send runs without its stored result: .*AccessDenied$/);
  });

  it('try once with storageRetries 0', async () => {
    const { storage, mailer } = setUp({ storageRetries: 0 });
    storage.failNext('get', 1, { transient: true });
    await mailer.send('ada');
    expect(storage.attempts.get).toBe(1);
  });

  it('warn once per outage: a read that works again re-arms the warning for the next one', async () => {
    const { storage, logger, mailer } = setUp({ storageRetries: 0 });
    storage.failNext('get', 2, { transient: false });
    await mailer.send('ada');
    await mailer.send('bob');
    expect(logger.warnings).toHaveLength(1); // one outage, one warning
    await mailer.send('cyd'); // reads work again
    storage.failNext('get', 1, { transient: false });
    await mailer.send('dan');
    expect(logger.warnings).toHaveLength(2);
    expect(logger.warnings[1]).toMatch(/^Mailer\.send runs without its stored result/);
  });

  it('retry taking a lock that fails transiently, so a SERIALIZABLE body does not run unprotected', async () => {
    class FlakyLocks extends MemoryLockManager {
      failures = 2;
      attempts = 0;
      lastKey = '';
      override async acquire(key: string, holder: string, options: AcquireOptions): Promise<Lease | undefined> {
        this.attempts++;
        this.lastKey = key;
        if (this.failures-- > 0) {
          throw new StorageError(this.location, 'acquire', key, new Error('ECONNRESET'), { transient: true });
        }
        return super.acquire(key, holder, options);
      }
    }
    const lockManager = new FlakyLocks();
    class Trainer {
      @Task({ cacheKeyFn: taskInputHash, isolationLevel: 'SERIALIZABLE' })
      async train(dataset: string): Promise<string> {
        return `model(${dataset}), locked: ${await lockManager.isLocked(lockManager.lastKey)}`;
      }
    }
    const logger = new RecordingLogger();
    const engine = new Engine({
      storage: new MemoryStorage(),
      lockManager,
      logger,
      settings: { storageRetryDelayMs: 1 },
    });
    await expect(engine.attach(new Trainer()).train('sales')).resolves.toBe('model(sales), locked: true');
    expect(lockManager.attempts).toBe(3);
    expect(logger.warnings).toEqual([]);
  });
});
