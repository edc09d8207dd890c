import 'reflect-metadata';
import { Engine, MemoryStorage, Task, transaction, type CommitMode, type TransactionHookContext } from '../../src';
import { deferred, queuedCallbacks, RecordingLogger } from '../support';

// A call in the same outermost transaction reads a result not yet committed at once only when that result being
// rolled back rolls the reader back too; otherwise it waits for the commit, or computes the result itself. These
// tests check that nothing committed is ever built on a value that was rolled back.

/** What was committed and rolled back, in order. */
let journal: string[] = [];

const committed = ({ value }: TransactionHookContext) => void journal.push(`committed ${String(value)}`);
const rolledBack = ({ value }: TransactionHookContext) => void journal.push(`rolled back ${String(value)}`);

/** Values that were committed and never rolled back. */
function kept(): string[] {
  const undone = journal
    .filter((line) => line.startsWith('rolled back '))
    .map((line) => line.slice('rolled back '.length));
  return journal
    .filter((line) => line.startsWith('committed '))
    .map((line) => line.slice('committed '.length))
    .filter((value) => !undone.includes(value));
}

class Rows {
  bodyRuns = 0;
  /** Resolved when the body starts; the first run then waits for `release`. */
  started = deferred();
  release = deferred();

  @Task({ cacheKeyFn: (_context, [name]) => `rows/${String(name)}`, onCommit: committed, onRollback: rolledBack })
  async x(name: string): Promise<string> {
    const run = ++this.bodyRuns;
    this.started.resolve();
    if (run === 1) await this.release.promise;
    return `${name}#${run}`;
  }

  @Task({ cacheKeyFn: () => 'reports/b', onCommit: committed, onRollback: rolledBack })
  async b(): Promise<string> {
    return `b(${await this.x('x')})`;
  }
}

function setUp() {
  const engine = new Engine({
    storage: new MemoryStorage(),
    logger: new RecordingLogger(),
    settings: { persistResultsByDefault: true },
  });
  return engine.attach(new Rows());
}

beforeEach(() => {
  journal = [];
});

describe('a call reading a result its transaction tree has not committed yet', () => {
  it('does not keep a value that a retried attempt of another task rolls back', async () => {
    const rows = setUp();
    let attempts = 0;
    class Retrying {
      @Task({ cacheKeyFn: () => 'reports/a', retries: 1 })
      async a(): Promise<string> {
        attempts++;
        const value = await rows.x('x');
        if (attempts === 1) {
          await queuedCallbacks(); // b, which joined x, had every chance to return x's value now
          throw new Error('the first attempt fails');
        }
        return `a(${value})`;
      }
    }
    const retrying = new Engine({ storage: new MemoryStorage(), logger: new RecordingLogger() }).attach(new Retrying());

    const [a, b] = await transaction(async () => {
      const first = retrying.a();
      await rows.started.promise;
      const second = rows.b(); // joins x while it runs in a's first attempt
      rows.release.resolve();
      return Promise.all([first, second]);
    });

    expect(journal).toContain('rolled back x#1');
    expect(b).not.toBe('b(x#1)');
    expect(kept()).toContain(b);
    expect(kept()).toContain(b.slice(2, -1)); // the x that b was built on was committed
    expect(kept()).toContain(a.slice(2, -1));
  }, 2000);

  it.each<CommitMode>(['lazy', 'off', 'eager'])(
    'waits for a nested transaction when the outer one (%s) committed early, and starts over after its rollback',
    async (commitMode) => {
      const rows = setUp();
      let b: string | undefined;
      await transaction(
        async (tx) => {
          await tx.commit();
          const nested = transaction(
            async () => {
              await rows.x('x');
              await queuedCallbacks();
              throw new Error('the nested transaction fails');
            },
            { commitMode: 'lazy' },
          ).catch(() => undefined);
          await rows.started.promise;
          const reading = rows.b(); // joins x while it runs in the nested transaction
          rows.release.resolve();
          [, b] = await Promise.all([nested, reading]);
        },
        { commitMode },
      );

      expect(b).toBe('b(x#2)');
      expect(journal).toEqual(['rolled back x#1', 'committed x#2', 'committed b(x#2)']);
      expect(await rows.b()).toBe('b(x#2)');
    },
    2000,
  );

  it('does not commit, in an eager transaction, what it read of a result a rolled-back lazy one staged', async () => {
    const rows = setUp();
    rows.release.resolve();
    let b: string | undefined;
    await transaction(async () => {
      await rows.x('x'); // staged in this transaction
      b = await transaction(() => rows.b(), { commitMode: 'eager' }); // commits b at its end
      throw new Error('the outer transaction fails');
    }).catch(() => undefined);

    expect(b).toBe('b(x#2)');
    expect(kept()).toEqual(['x#2', 'b(x#2)']);
    expect(journal).toContain('rolled back x#1');
  }, 2000);

  it('reads at once what an enclosing lazy transaction staged or a sibling computes, rolled back with it', async () => {
    const rows = setUp();
    rows.release.resolve();
    const values = await transaction(async () => {
      const first = await rows.x('x');
      const nested = await transaction(() => Promise.all([rows.x('x'), rows.b()]));
      return [first, ...nested];
    });

    expect(values).toEqual(['x#1', 'x#1', 'b(x#1)']);
    expect(rows.bodyRuns).toBe(1);
    expect(journal).toEqual(['committed x#1', 'committed b(x#1)']);
  }, 2000);

  it('lets a task with retries read again, within one attempt, what that attempt computed', async () => {
    const rows = setUp();
    rows.release.resolve();
    class Retrying {
      @Task({ cacheKeyFn: () => 'reports/a', retries: 1 })
      async a(): Promise<string> {
        const [first, second] = await Promise.all([rows.x('x'), rows.b()]);
        return `a(${first}, ${second}, ${await rows.x('x')})`;
      }
    }
    const retrying = new Engine({ storage: new MemoryStorage(), logger: new RecordingLogger() }).attach(new Retrying());

    expect(await transaction(() => retrying.a())).toBe('a(x#1, b(x#1), x#1)');
    expect(rows.bodyRuns).toBe(1);
  }, 2000);
});
