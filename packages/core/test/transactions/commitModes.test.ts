import 'reflect-metadata';
import { Engine, MemoryStorage, Task, transaction, type TaskRunEvent, type TransactionHookContext } from '../../src';
import { RecordingLogger, recordKeys, states } from '../support';

/** What the bodies and hooks did, in order. */
let journal: string[] = [];

const logHook = (what: string) => (context: TransactionHookContext) => {
  journal.push(`${what} ${context.cacheKey ?? context.transaction.name}`);
};

class Shop {
  @Task({
    cacheKeyFn: (_context, [name]) => `orders/${String(name)}`,
    onCommit: logHook('commit'),
    onRollback: logHook('undo'),
  })
  async order(name: string): Promise<string> {
    journal.push(`order ${name}`);
    return name;
  }

  // Orders, then fails: a task whose body calls another task.
  @Task({ cacheKeyFn: (_context, [name]) => `baskets/${String(name)}`, onRollback: logHook('undo') })
  async basket(name: string): Promise<string> {
    await this.order(`${name}-item`);
    throw new Error(`basket ${name} failed`);
  }
}

function setUp() {
  const storage = new MemoryStorage();
  const engine = new Engine({ storage, logger: new RecordingLogger(), settings: { persistResultsByDefault: true } });
  const events: TaskRunEvent[] = [];
  engine.onTaskRun((event) => events.push(event));
  const shop = engine.attach(new Shop());
  const stored = async () => (await recordKeys(storage)).sort();
  return { events, shop, stored };
}

beforeEach(() => {
  journal = [];
});

// As in Prefect 3: a transaction, and so a task call's own one, takes its parent's commit mode when it has none.
describe("commitMode 'eager'", () => {
  it('is inherited by the tasks called inside: each result is committed when its call ends, not grouped', async () => {
    const { shop, stored } = setUp();
    await transaction(
      async () => {
        await shop.order('a');
        expect(await stored()).toEqual(['orders/a']); // written already, while the transaction runs
        await shop.order('b');
      },
      { commitMode: 'eager' },
    );
    expect(await stored()).toEqual(['orders/a', 'orders/b']);
    expect(journal).toEqual(['order a', 'commit orders/a', 'order b', 'commit orders/b']);
  });

  it('keeps the tasks’ records when the body fails afterwards, and runs none of their rollback hooks', async () => {
    const { shop, stored, events } = setUp();
    const failed = transaction(
      async (tx) => {
        tx.onRollback(logHook('transaction rolled back'));
        await shop.order('a');
        throw new Error('payment failed');
      },
      { commitMode: 'eager' },
    );
    await expect(failed).rejects.toThrow('payment failed');
    expect(await stored()).toEqual(['orders/a']);
    expect(journal).toEqual(['order a', 'commit orders/a', 'transaction rolled back transaction']);
    expect(states(events)).toEqual(['Shop.order:Completed']); // never RolledBack
  });

  it('commits what a task called from a task’s body returned, even when the calling task then fails', async () => {
    const { shop, stored, events } = setUp();
    await expect(transaction(() => shop.basket('x'), { commitMode: 'eager' })).rejects.toThrow('basket x failed');
    expect(await stored()).toEqual(['orders/x-item']);
    expect(journal).toEqual(['order x-item', 'commit orders/x-item']);
    expect(states(events)).toEqual(['Shop.order:Completed', 'Shop.basket:Failed']);
  });
});

describe("commitMode 'off'", () => {
  it('outermost, rolls back at its end unless the body called commit()', async () => {
    const { shop, stored } = setUp();
    await transaction(() => shop.order('a'), { commitMode: 'off' });
    expect(await stored()).toEqual([]);
    expect(journal).toEqual(['order a', 'undo orders/a']);

    journal = [];
    await transaction(
      async (tx) => {
        await shop.order('b');
        await tx.commit();
      },
      { commitMode: 'off' },
    );
    expect(await stored()).toEqual(['orders/b']);
    expect(journal).toEqual(['order b', 'commit orders/b']);
  });

  it('nested, without commit(), hands its work to its parent, which commits it, or rolls it back', async () => {
    const { shop, stored } = setUp();
    await transaction(async () => {
      await transaction(() => shop.order('a'), { commitMode: 'off' });
      expect(await stored()).toEqual([]); // not committed when the nested one ended
    });
    expect(await stored()).toEqual(['orders/a']);
    expect(journal).toEqual(['order a', 'commit orders/a']);

    journal = [];
    const failed = transaction(async () => {
      await transaction(() => shop.order('b'), { commitMode: 'off' });
      throw new Error('a later step failed');
    });
    await expect(failed).rejects.toThrow('a later step failed');
    expect(await stored()).toEqual(['orders/a']);
    expect(journal).toEqual(['order b', 'undo orders/b']);
  });
});
