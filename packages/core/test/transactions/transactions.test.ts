import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ConfigurationError,
  currentTransaction,
  Engine,
  Flow,
  MemoryLockManager,
  MemoryStorage,
  SerializationError,
  Task,
  transaction,
  TransactionError,
  type TaskRunEvent,
  type TransactionHookContext,
} from '../../src';
import { CacheInspector } from '../../src/records';
import { RecordingLogger, recordKeys, states } from '../support';
import { FailingStorage } from '../../../../test/support/failingStorage';

/** What the pipeline's bodies and hooks did, in order. */
let journal: string[] = [];

const logHook = (what: string) => (context: TransactionHookContext) => {
  journal.push(`${what} ${context.cacheKey ?? context.transaction.name}=${String(context.value)}`);
};

class Pipeline {
  @Task({
    cacheKeyFn: (_context, [day]) => `extract/${String(day)}`,
    onCommit: logHook('commit'),
    onRollback: logHook('undo'),
  })
  async extract(day: string): Promise<string> {
    journal.push(`extract ${day}`);
    return `rows of ${day}`;
  }

  @Task({
    cacheKeyFn: (_context, [rows]) => `load/${String(rows)}`,
    onCommit: logHook('commit'),
    onRollback: [logHook('undo'), logHook('undo again')],
  })
  async load(rows: string, fail = false): Promise<number> {
    journal.push(`load ${rows}`);
    if (fail) throw new Error('the warehouse is down');
    return rows.length;
  }

  @Task({ cacheKeyFn: (_context, [day]) => `daily/${String(day)}` })
  async daily(day: string, fail = false): Promise<number> {
    const loaded = await this.load(await this.extract(day));
    if (fail) throw new Error('the report failed');
    return loaded;
  }

  @Task({ cacheKeyFn: (_context, [day]) => `tagged/${String(day)}` })
  async tagged(day: string): Promise<string> {
    currentTransaction()!.set('seen-by-task', day);
    return `${String(currentTransaction()!.get('tenant'))}/${day}`;
  }
}

function setUp(options: { lockManager?: MemoryLockManager } = {}) {
  const storage = new MemoryStorage();
  const logger = new RecordingLogger();
  const engine = new Engine({ storage, logger, settings: { persistResultsByDefault: true }, ...options });
  const events: TaskRunEvent[] = [];
  engine.onTaskRun((event) => events.push(event));
  const pipeline = engine.attach(new Pipeline());
  const stored = async () => (await recordKeys(storage)).sort();
  return { storage, logger, engine, events, pipeline, stored };
}

beforeEach(() => {
  journal = [];
});

describe('a transaction', () => {
  it('writes nothing until it commits, then writes every result and runs the commit hooks once', async () => {
    const { pipeline, stored } = setUp();
    const seenInside: string[][] = [];
    const total = await transaction(async () => {
      const rows = await pipeline.extract('mon');
      await pipeline.load(rows);
      seenInside.push(await stored());
      return rows;
    });
    expect(total).toBe('rows of mon');
    expect(seenInside).toEqual([[]]);
    expect(await stored()).toEqual(['extract/mon', 'load/rows of mon']);
    expect(journal).toEqual([
      'extract mon',
      'load rows of mon',
      'commit extract/mon=rows of mon',
      'commit load/rows of mon=11',
    ]);
  });

  it('lets the calls inside it read what it staged, without running them again', async () => {
    const { pipeline, events } = setUp();
    await transaction(async () => {
      await pipeline.extract('mon');
      expect(await pipeline.extract('mon')).toBe('rows of mon');
    });
    expect(journal.filter((line) => line.startsWith('extract'))).toEqual(['extract mon']);
    expect(states(events)).toEqual(['Pipeline.extract:Completed', 'Pipeline.extract:Cached']);
  });

  it('is all or nothing: a later task fails, earlier ones leave no record, hooks undo them latest first', async () => {
    const { pipeline, events, stored } = setUp();
    const failure = transaction(async () => {
      await pipeline.load(await pipeline.extract('mon'));
      await pipeline.load('rows of tue', true);
    });
    await expect(failure).rejects.toThrow('the warehouse is down');
    expect(await stored()).toEqual([]);
    expect(journal).toEqual([
      'extract mon',
      'load rows of mon',
      'load rows of tue',
      'undo again load/rows of mon=11',
      'undo load/rows of mon=11',
      'undo extract/mon=rows of mon',
    ]);
    expect(states(events)).toEqual([
      'Pipeline.extract:Completed',
      'Pipeline.load:Completed',
      'Pipeline.load:Failed',
      'Pipeline.load:RolledBack',
      'Pipeline.extract:RolledBack',
    ]);
    // Nothing was kept in memory either: the next call runs the body again.
    await pipeline.extract('mon');
    expect(journal.filter((line) => line === 'extract mon')).toHaveLength(2);
  });

  it('rethrows the original error when a rollback hook fails, and reports the hook', async () => {
    const { pipeline, logger, engine } = setUp();
    const original = new Error('the body failed');
    const failure = transaction(
      async (tx) => {
        tx.onRollback(function releaseSeats() {
          throw new Error('the seats service is down too');
        });
        await pipeline.extract('mon');
        throw original;
      },
      { engine },
    );
    await expect(failure).rejects.toBe(original);
    expect(journal).toEqual(['extract mon', 'undo extract/mon=rows of mon']);
    expect(logger.warnings).toEqual([
      'transaction: onRollback hook releaseSeats failed: the seats service is down too',
    ]);
  });

  it('reports a failing commit hook and still commits', async () => {
    const { pipeline, logger, stored, engine } = setUp();
    await transaction(
      async (tx) => {
        tx.onCommit(() => {
          throw new Error('could not notify');
        });
        await pipeline.extract('mon');
      },
      { engine },
    );
    expect(await stored()).toEqual(['extract/mon']);
    expect(journal).toEqual(['extract mon', 'commit extract/mon=rows of mon']);
    expect(logger.warnings).toEqual(['transaction: onCommit hook (anonymous) failed: could not notify']);
  });

  it('commits a nested transaction with the outermost one, and rolls it back with it', async () => {
    const { pipeline, stored } = setUp();
    const outer = transaction(async () => {
      await transaction(async (inner) => {
        await pipeline.extract('mon');
        expect(inner.state).toBe('active');
      });
      expect(await stored()).toEqual([]);
      throw new Error('later step failed');
    });
    await expect(outer).rejects.toThrow('later step failed');
    expect(await stored()).toEqual([]);
    expect(journal).toEqual(['extract mon', 'undo extract/mon=rows of mon']);
  });

  it('commits an eager nested transaction when it ends, and keeps it when the outer one rolls back', async () => {
    const { pipeline, stored } = setUp();
    const outer = transaction(async () => {
      await transaction(() => pipeline.extract('mon'), { commitMode: 'eager' });
      expect(await stored()).toEqual(['extract/mon']);
      await pipeline.extract('tue');
      throw new Error('later step failed');
    });
    await expect(outer).rejects.toThrow('later step failed');
    expect(await stored()).toEqual(['extract/mon']);
    expect(journal).toEqual([
      'extract mon',
      'commit extract/mon=rows of mon',
      'extract tue',
      'undo extract/tue=rows of tue',
    ]);
  });

  it("with commitMode 'off', rolls back unless committed explicitly", async () => {
    const { pipeline, stored } = setUp();
    await transaction(() => pipeline.extract('mon'), { commitMode: 'off' });
    expect(await stored()).toEqual([]);
    expect(journal).toEqual(['extract mon', 'undo extract/mon=rows of mon']);

    journal = [];
    await transaction(
      async (tx) => {
        await pipeline.extract('tue');
        await tx.commit();
        expect(tx.state).toBe('committed');
        await pipeline.extract('wed'); // staged after the commit: committed as it comes
      },
      { commitMode: 'off' },
    );
    expect(await stored()).toEqual(['extract/tue', 'extract/wed']);
  });

  it('refuses to commit what was rolled back, and to roll back what was committed', async () => {
    const { pipeline } = setUp();
    await transaction(async (tx) => {
      await pipeline.extract('mon');
      await tx.rollback();
      expect(tx.state).toBe('rolledBack');
      await expect(tx.commit()).rejects.toThrow(TransactionError);
      await expect(tx.commit()).rejects.toThrow('cannot commit the transaction: it was rolled back');
    });
    await transaction(
      async (tx) => {
        await tx.commit();
        await expect(tx.rollback()).rejects.toThrow('cannot roll back transaction "nightly": it was committed');
        expect(() => tx.set(42 as never, 'x')).toThrow(TransactionError);
      },
      { key: 'nightly' },
    );
  });

  it('carries values that the tasks and hooks inside it read, without leaking nested values out', async () => {
    const { pipeline } = setUp();
    let seenByHook: unknown;
    let seenOutside: unknown = 'unset';
    await transaction(
      async (tx) => {
        tx.set('tenant', 'acme');
        tx.onCommit(({ transaction: committed }) => {
          seenByHook = committed.get('tenant');
        });
        expect(await pipeline.tagged('mon')).toBe('acme/mon');
        expect(tx.has('tenant')).toBe(true);
        seenOutside = tx.get('seen-by-task');
        expect(tx.key).toBe('tenant-run');
        expect(currentTransaction()).toBe(tx);
      },
      { key: 'tenant-run' },
    );
    expect(seenByHook).toBe('acme');
    expect(seenOutside).toBeUndefined();
    expect(currentTransaction()).toBeUndefined();
  });

  it('with overwrite, runs the tasks inside again and replaces their records', async () => {
    const { pipeline } = setUp();
    await pipeline.extract('mon');
    await transaction(() => pipeline.extract('mon'), { overwrite: true });
    expect(journal.filter((line) => line === 'extract mon')).toHaveLength(2);
  });

  it('checks its options before running anything', async () => {
    const body = jest.fn();
    await expect(transaction(body, { commitMode: 'later' as never })).rejects.toThrow(
      'transaction(): commitMode must be "lazy", "eager" or "off", got "later"',
    );
    await expect(transaction(body, { timeout: 5 } as never)).rejects.toThrow(ConfigurationError);
    await expect(transaction(body, { engine: {} as never })).rejects.toThrow('transaction(): engine must be an Engine');
    await expect(transaction('nope' as never)).rejects.toThrow(ConfigurationError);
    await expect(transaction(body, { isolationLevel: 'SERIALIZABLE' })).rejects.toThrow(/give it a key/);
    await expect(transaction(body, { key: '../etc' })).rejects.toThrow(/\.\./);
    await expect(transaction(body, { key: 'k', isolationLevel: 'SERIALIZABLE', engine: new Engine() })).rejects.toThrow(
      /transaction k is SERIALIZABLE but no lock manager is configured/,
    );
    expect(body).not.toHaveBeenCalled();
  });

  it('with SERIALIZABLE and a key, runs one at a time: the second sees what the first committed', async () => {
    const lockManager = new MemoryLockManager();
    const { pipeline, engine } = setUp({ lockManager });
    const order: string[] = [];
    const run = (name: string) =>
      transaction(
        async () => {
          order.push(`${name} starts`);
          await pipeline.extract('mon');
          await sleep(20);
          order.push(`${name} ends`);
        },
        { key: 'nightly', isolationLevel: 'SERIALIZABLE', engine },
      );
    await Promise.all([run('first'), run('second')]);
    expect(order).toEqual(['first starts', 'first ends', 'second starts', 'second ends']);
    expect(journal.filter((line) => line === 'extract mon')).toHaveLength(1);
    expect(await lockManager.isLocked('transactions/nightly')).toBe(false);
  });
});

describe('committing a transaction', () => {
  const refusingLoads = () =>
    new FailingStorage().fail('put', {
      keys: (key) => key.startsWith('load/'),
      error: (key) => new Error(`disk full writing ${key}`),
    });

  it('with strict persistence, is all or nothing: a failed write takes back the others and rolls back', async () => {
    const storage = refusingLoads();
    const logger = new RecordingLogger();
    const engine = new Engine({
      storage,
      logger,
      settings: { persistResultsByDefault: true, strictPersistence: true },
    });
    const events: TaskRunEvent[] = [];
    engine.onTaskRun((event) => events.push(event));
    const pipeline = engine.attach(new Pipeline());
    let state: string | undefined;
    const failure = transaction(
      async (tx) => {
        tx.onRollback(() => void (state = tx.state));
        return pipeline.load(await pipeline.extract('mon'));
      },
      { engine },
    );
    await expect(failure).rejects.toThrow('disk full writing load/rows of mon');
    expect(await recordKeys(storage)).toEqual([]);
    expect(state).toBe('rolledBack');
    expect(journal).toEqual([
      'extract mon',
      'load rows of mon',
      'undo again load/rows of mon=11',
      'undo load/rows of mon=11',
      'undo extract/mon=rows of mon',
    ]);
    expect(states(events)).toEqual([
      'Pipeline.extract:Completed',
      'Pipeline.load:Completed',
      'Pipeline.load:RolledBack',
      'Pipeline.extract:RolledBack',
    ]);
    await pipeline.extract('mon'); // nothing was kept in memory either
    expect(journal.filter((line) => line === 'extract mon')).toHaveLength(2);
  });

  it('with strict persistence, writes nothing when a value cannot be serialized', async () => {
    const storage = new MemoryStorage();
    const engine = new Engine({
      storage,
      logger: new RecordingLogger(),
      settings: { persistResultsByDefault: true, strictPersistence: true },
    });
    class Unserializable {
      @Task({ cacheKeyFn: () => 'widget' })
      async widget(): Promise<unknown> {
        return { render: () => 'x' };
      }
    }
    const pipeline = engine.attach(new Pipeline());
    const widgets = engine.attach(new Unserializable());
    const failure = transaction(async () => {
      await pipeline.extract('mon');
      await widgets.widget();
    });
    await expect(failure).rejects.toThrow(SerializationError);
    expect(await recordKeys(storage)).toEqual([]);
  });

  it('reports a task that completes after its transaction rolled back as Completed, then RolledBack', async () => {
    const { engine, events, stored } = setUp();
    let finishSlow!: () => void;
    class Racing {
      @Task({ cacheKeyFn: () => 'slow', onRollback: logHook('undo') })
      async slow(): Promise<string> {
        await new Promise<void>((resolve) => (finishSlow = resolve));
        return 'slow value';
      }

      @Task({ cacheKeyFn: () => 'fail' })
      async fail(): Promise<string> {
        throw new Error('fast failure');
      }
    }
    const racing = engine.attach(new Racing());
    let slow!: Promise<string>;
    await expect(
      transaction(async () => {
        slow = racing.slow();
        await racing.fail();
      }),
    ).rejects.toThrow('fast failure');
    finishSlow();
    await expect(slow).resolves.toBe('slow value');
    expect(states(events)).toEqual(['Racing.fail:Failed', 'Racing.slow:Completed', 'Racing.slow:RolledBack']);
    expect(journal).toEqual(['undo slow=slow value']);
    expect(await stored()).toEqual([]);
  });

  it('without it, warns about the failed write and commits the rest', async () => {
    const storage = refusingLoads();
    const logger = new RecordingLogger();
    const engine = new Engine({ storage, logger, settings: { persistResultsByDefault: true } });
    const pipeline = engine.attach(new Pipeline());
    expect(await transaction(async () => pipeline.load(await pipeline.extract('mon')))).toBe(11);
    expect((await storage.list('')).objects.map((object) => object.key)).toEqual(['extract/mon']);
    expect(logger.warnings).toEqual([expect.stringContaining('disk full writing load/rows of mon')]);
    expect(await pipeline.load('rows of mon')).toBe(11); // kept in memory all the same
    expect(journal.filter((line) => line.startsWith('load'))).toHaveLength(1);
  });
});

describe('the transaction of a task call', () => {
  it('holds the results of the tasks it calls until the call completes', async () => {
    const { pipeline, stored, events } = setUp();
    await expect(pipeline.daily('mon', true)).rejects.toThrow('the report failed');
    expect(await stored()).toEqual([]);
    expect(states(events)).toEqual([
      'Pipeline.extract:Completed',
      'Pipeline.load:Completed',
      'Pipeline.load:RolledBack',
      'Pipeline.extract:RolledBack',
      'Pipeline.daily:Failed',
    ]);
    await pipeline.daily('mon');
    expect(await stored()).toEqual(['daily/mon', 'extract/mon', 'load/rows of mon']);
  });

  it('keeps one run-history entry per task run: a run rolled back after it completed ends RolledBack', async () => {
    const storage = new MemoryStorage();
    const engine = new Engine({ storage, logger: new RecordingLogger(), settings: { persistResultsByDefault: true } });
    class Nightly {
      constructor(private readonly pipeline: Pipeline) {}
      @Flow()
      async run(): Promise<void> {
        await transaction(async () => {
          await this.pipeline.extract('mon');
          await this.pipeline.load('rows of mon', true);
        }).catch(() => undefined);
      }
    }
    await engine.attach(new Nightly(engine.attach(new Pipeline()))).run();
    const [run] = (await new CacheInspector(storage).flowRuns()).flowRuns;
    expect(run.taskRuns.map((taskRun) => `${taskRun.taskName}:${taskRun.state}`)).toEqual([
      'Pipeline.extract:RolledBack',
      'Pipeline.load:Failed',
    ]);
  });

  it('drops what a failed attempt staged before the next attempt', async () => {
    const { engine, stored } = setUp();
    let attempt = 0;
    class Flaky {
      constructor(private readonly pipeline: Pipeline) {}
      @Task({ cacheKeyFn: () => 'flaky', retries: 1 })
      async run(): Promise<string> {
        attempt++;
        const rows = await this.pipeline.extract(`attempt-${attempt}`);
        if (attempt === 1) throw new Error('first attempt fails');
        return rows;
      }
    }
    const flaky = engine.attach(new Flaky(engine.attach(new Pipeline())));
    expect(await flaky.run()).toBe('rows of attempt-2');
    expect(await stored()).toEqual(['extract/attempt-2', 'flaky']);
    expect(journal).toContain('undo extract/attempt-1=rows of attempt-1');
  });

  it('runs nested SERIALIZABLE tasks without deadlock, also calling the same key twice and concurrently', async () => {
    const lockManager = new MemoryLockManager();
    const storage = new MemoryStorage();
    const engine = new Engine({
      storage,
      lockManager,
      logger: new RecordingLogger(),
      settings: { persistResultsByDefault: true },
    });
    let childRuns = 0;
    class Nested {
      @Task({ cacheKeyFn: (_context, [part]) => `child/${String(part)}`, isolationLevel: 'SERIALIZABLE' })
      async child(part: string): Promise<string> {
        childRuns++;
        await sleep(5);
        return part.toUpperCase();
      }

      @Task({ cacheKeyFn: (_context, [name]) => `parent/${String(name)}`, isolationLevel: 'SERIALIZABLE' })
      async parent(name: string): Promise<string> {
        const first = await this.child('a');
        const again = await this.child('a');
        const [x, y] = await Promise.all([this.child('b'), this.child('b')]);
        return `${name}:${first}${again}${x}${y}`;
      }
    }
    const nested = engine.attach(new Nested());
    const results = await Promise.all([nested.parent('one'), nested.parent('two'), nested.parent('one')]);
    expect(results).toEqual(['one:AABB', 'two:AABB', 'one:AABB']);
    expect(childRuns).toBe(2);
    for (const key of ['parent/one', 'parent/two', 'child/a', 'child/b'])
      expect(await lockManager.isLocked(key)).toBe(false);
  });

  it('never waits for a lock its own outermost transaction holds, even from a sibling branch', async () => {
    const lockManager = new MemoryLockManager();
    const engine = new Engine({ lockManager, logger: new RecordingLogger() });
    let firstBranchDone!: () => void;
    const firstBranch = new Promise<void>((resolve) => (firstBranchDone = resolve));
    let sharedRuns = 0;
    class Branches {
      @Task({ cacheKeyFn: () => 'shared', isolationLevel: 'SERIALIZABLE' })
      async shared(): Promise<string> {
        sharedRuns++;
        return 'shared value';
      }

      @Task({ cacheKeyFn: (_context, [name]) => `branch/${String(name)}` })
      async branch(name: string, afterOther: Promise<void> | undefined, release: (() => void) | undefined) {
        await afterOther;
        const value = await this.shared(); // the first branch's result is staged in its own, unfinished call
        release?.();
        if (release !== undefined) await sleep(10);
        return `${name}: ${value}`;
      }

      @Task({ cacheKeyFn: () => 'root', isolationLevel: 'SERIALIZABLE' })
      async root(): Promise<string[]> {
        return Promise.all([this.branch('x', undefined, firstBranchDone), this.branch('y', firstBranch, undefined)]);
      }
    }
    const branches = engine.attach(new Branches());
    expect(await branches.root()).toEqual(['x: shared value', 'y: shared value']);
    expect(sharedRuns).toBe(2); // the second branch could not see the first's staged result: it ran, not waited
    expect(await lockManager.isLocked('shared')).toBe(false);
  });
});
