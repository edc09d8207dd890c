import 'reflect-metadata';
import {
  Engine,
  MemoryStorage,
  Task,
  transaction,
  type TaskRunEvent,
  type Transaction,
  type TransactionHookContext,
} from '../../src';
import { RecordingLogger, recordKeys, states } from '../support';

/** What the bodies and rollback hooks did, in order. */
let journal: string[] = [];

const undo = ({ value }: TransactionHookContext) => void journal.push(`undo ${String(value)}`);

class Steps {
  @Task({ cacheKeyFn: (_context, [name]) => `steps/${String(name)}`, onRollback: undo })
  async step(name: string): Promise<string> {
    journal.push(`step ${name}`);
    return name;
  }

  @Task({ cacheKeyFn: (_context, [name]) => `failing/${String(name)}` })
  async fail(name: string): Promise<string> {
    journal.push(`fail ${name}`);
    throw new Error(`${name} failed`);
  }

  @Task({ cacheKeyFn: () => 'with-fallback' })
  async withFallback(): Promise<string> {
    await this.step('a');
    return this.fail('b').catch(() => 'fallback');
  }
}

function setUp() {
  const storage = new MemoryStorage();
  const engine = new Engine({ storage, logger: new RecordingLogger(), settings: { persistResultsByDefault: true } });
  const events: TaskRunEvent[] = [];
  engine.onTaskRun((event) => events.push(event));
  const svc = engine.attach(new Steps());
  const stored = async () => (await recordKeys(storage)).sort();
  return { engine, events, svc, stored };
}

beforeEach(() => {
  journal = [];
});

describe('a nested transaction that ends rolled back', () => {
  it('rolls back the transaction it is part of: nothing is written and its rollback hooks run', async () => {
    const { svc, events, stored } = setUp();
    let outer!: Transaction;
    const value = await transaction(async (tx) => {
      outer = tx;
      tx.onRollback(() => void journal.push('outer rolled back'));
      await svc.step('outer');
      await transaction(async (inner) => {
        await svc.step('inner');
        await inner.rollback();
      });
      return 'outer body done';
    });
    expect(value).toBe('outer body done'); // the body's value, as after any rollback without an error
    expect(outer.state).toBe('rolledBack');
    expect(await stored()).toEqual([]);
    expect(journal).toEqual(['step outer', 'step inner', 'undo inner', 'undo outer', 'outer rolled back']);
    expect(states(events)).toEqual([
      'Steps.step:Completed',
      'Steps.step:Completed',
      'Steps.step:RolledBack',
      'Steps.step:RolledBack',
    ]);
    await svc.step('outer'); // nothing was kept in memory either
    expect(journal.filter((line) => line === 'step outer')).toHaveLength(2);
  });

  it('does so when an error ended it, even one caught; later work in the outer one is undone as it comes', async () => {
    const { svc, stored } = setUp();
    await transaction(async (outer) => {
      await svc.step('a');
      await transaction(async () => {
        await svc.step('b');
        throw new Error('b went wrong');
      }).catch(() => undefined);
      expect(outer.state).toBe('rolledBack');
      await svc.step('c');
    });
    expect(await stored()).toEqual([]);
    expect(journal).toEqual(['step a', 'step b', 'undo b', 'undo a', 'step c', 'undo c']);
  });

  it('includes a failed task call whose error is caught: the transaction or task calling it rolls back', async () => {
    const { svc, events, stored } = setUp();
    await transaction(async () => {
      await svc.step('a');
      await svc.fail('b').catch(() => undefined);
    });
    expect(await stored()).toEqual([]);
    expect(journal).toEqual(['step a', 'fail b', 'undo a']);

    events.length = 0;
    expect(await svc.withFallback()).toBe('fallback');
    expect(await stored()).toEqual([]); // a result that builds on a failure is not cached
    expect(states(events)).toEqual([
      'Steps.step:Completed',
      'Steps.fail:Failed',
      'Steps.step:RolledBack',
      'Steps.withFallback:Completed',
      'Steps.withFallback:RolledBack',
    ]);
  });

  it('rolls back every enclosing transaction up to the outermost, running each one’s hooks once', async () => {
    const { svc, stored } = setUp();
    await transaction(async (outer) => {
      outer.onRollback(() => void journal.push('outer rolled back'));
      await svc.step('a');
      await transaction(async (middle) => {
        middle.onRollback(() => void journal.push('middle rolled back'));
        await svc.step('b');
        await transaction((inner) => inner.rollback());
        expect(middle.state).toBe('rolledBack');
      });
      expect(outer.state).toBe('rolledBack');
    });
    expect(await stored()).toEqual([]);
    expect(journal).toEqual(['step a', 'step b', 'undo b', 'middle rolled back', 'undo a', 'outer rolled back']);
  });

  it('keeps what an eager nested transaction committed; rolled back, an eager one rolls back its parent', async () => {
    const { svc, stored } = setUp();
    await transaction(async () => {
      await transaction(() => svc.step('kept'), { commitMode: 'eager' });
      await transaction(async (inner) => {
        await svc.step('dropped');
        await inner.rollback();
      });
    });
    expect(await stored()).toEqual(['steps/kept']);

    await transaction(async (outer) => {
      await svc.step('a');
      await transaction((inner) => inner.rollback(), { commitMode: 'eager' });
      expect(outer.state).toBe('rolledBack');
    });
    expect(await stored()).toEqual(['steps/kept']);
  });

  it('leaves a transaction that committed already committed', async () => {
    const { svc, stored } = setUp();
    await transaction(
      async (outer) => {
        await svc.step('a');
        await outer.commit();
        await transaction((inner) => inner.rollback());
        expect(outer.state).toBe('committed');
      },
      { commitMode: 'off' },
    );
    expect(await stored()).toEqual(['steps/a']);
  });

  it('rolled back after it ended, rolls back the transaction its work went to', async () => {
    const { svc, stored } = setUp();
    await transaction(async (outer) => {
      let inner!: Transaction;
      await transaction(async (tx) => {
        inner = tx;
        await svc.step('a');
      });
      await inner.rollback();
      expect([inner.state, outer.state]).toEqual(['rolledBack', 'rolledBack']);
    });
    expect(await stored()).toEqual([]);
    expect(journal).toEqual(['step a', 'undo a']);
  });

  it('within a failed attempt of a task, is forgotten when the task retries', async () => {
    const { engine, stored } = setUp();
    class Retrying {
      attempts = 0;
      constructor(private readonly svc: Steps) {}
      @Task({ cacheKeyFn: () => 'retrying', retries: 1 })
      async run(): Promise<string> {
        this.attempts++;
        await this.svc.step(`attempt-${this.attempts}`);
        if (this.attempts === 1) await this.svc.fail('first attempt');
        return 'done';
      }
    }
    const retrying = engine.attach(new Retrying(engine.attach(new Steps())));
    expect(await retrying.run()).toBe('done');
    expect(await stored()).toEqual(['retrying', 'steps/attempt-2']);
    expect(journal).toEqual(['step attempt-1', 'fail first attempt', 'undo attempt-1', 'step attempt-2']);
  });
});
