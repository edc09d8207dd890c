import 'reflect-metadata';
import { Engine, MemoryStorage, Task, transaction, type TaskRunEvent, type TransactionHookContext } from '../../src';
import { deferred, queuedCallbacks, RecordingLogger, recordKeys, states } from '../support';

/** The rows the ledger wrote (its side effect), and what happened, in order. */
let rows: string[] = [];
let journal: string[] = [];

const deleteRow = ({ value }: TransactionHookContext) => {
  rows = rows.filter((row) => row !== value);
  journal.push(`rolled back ${String(value)}`);
};

class Ledger {
  bodyRuns = 0;
  /** Resolved when a body starts; the body then waits for `release` when it is set. */
  started = deferred();
  release: Promise<void> | undefined;

  @Task({ cacheKeyFn: (_context, [name]) => `rows/${String(name)}`, onRollback: deleteRow })
  async addRow(name: string): Promise<string> {
    this.bodyRuns++;
    const row = `${name}#${this.bodyRuns}`;
    rows.push(row);
    this.started.resolve();
    await this.release;
    return row;
  }
}

function setUp() {
  const storage = new MemoryStorage();
  const engine = new Engine({ storage, logger: new RecordingLogger(), settings: { persistResultsByDefault: true } });
  const events: TaskRunEvent[] = [];
  engine.onTaskRun((event) => events.push(event));
  const ledger = engine.attach(new Ledger());
  return { engine, events, ledger, storage };
}

beforeEach(() => {
  rows = [];
  journal = [];
});

describe('a call that joins an identical call running inside a transaction', () => {
  it('does not read its result before the commit: after a rollback it runs the body itself', async () => {
    const { events, ledger, storage, engine } = setUp();
    const bodyEnds = deferred();
    ledger.release = bodyEnds.promise;
    const inside = transaction(async (tx) => {
      const value = await ledger.addRow('x');
      journal.push(`inside got ${value}`);
      await queuedCallbacks(); // the outside call had every chance to return the value now
      await tx.rollback();
      return value;
    });
    await ledger.started.promise; // the body runs inside the transaction; this call is outside it
    const outside = ledger.addRow('x').then((value) => {
      journal.push(`outside got ${value}`);
      return value;
    });
    bodyEnds.resolve();

    expect(await inside).toBe('x#1');
    expect(await outside).toBe('x#2');
    expect(journal).toEqual(['inside got x#1', 'rolled back x#1', 'outside got x#2']);
    expect(ledger.bodyRuns).toBe(2);
    expect(rows).toEqual(['x#2']);
    expect(states(events)).toEqual(['Ledger.addRow:Completed', 'Ledger.addRow:RolledBack', 'Ledger.addRow:Completed']);
    expect(await recordKeys(storage)).toEqual(['rows/x']);
    expect(engine.runningCallCount).toBe(0);
  });

  it('waits for the commit, then hits the committed value without running the body again', async () => {
    const { events, ledger } = setUp();
    const bodyEnds = deferred();
    ledger.release = bodyEnds.promise;
    const inside = transaction(async (tx) => {
      tx.onCommit(() => void journal.push('committed'));
      const value = await ledger.addRow('x');
      await queuedCallbacks();
      journal.push('transaction ends');
      return value;
    });
    await ledger.started.promise;
    const outside = ledger.addRow('x').then((value) => {
      journal.push(`outside got ${value}`);
      return value;
    });
    bodyEnds.resolve();

    expect(await inside).toBe('x#1');
    expect(await outside).toBe('x#1');
    expect(journal).toEqual(['transaction ends', 'committed', 'outside got x#1']);
    expect(ledger.bodyRuns).toBe(1);
    expect(states(events)).toEqual(['Ledger.addRow:Completed', 'Ledger.addRow:Cached']);
  });

  it('waits for the outermost transaction, not for the nested one the call ran in', async () => {
    const { events, ledger } = setUp();
    const bodyEnds = deferred();
    ledger.release = bodyEnds.promise;
    const inside = transaction(async () => {
      await transaction(() => ledger.addRow('x')); // lazy: staged in the outer transaction when it ends
      await queuedCallbacks();
      throw new Error('a later step failed');
    });
    await ledger.started.promise;
    const outside = ledger.addRow('x');
    bodyEnds.resolve();

    await expect(inside).rejects.toThrow('a later step failed');
    expect(await outside).toBe('x#2');
    expect(rows).toEqual(['x#2']);
    expect(states(events)).toEqual(['Ledger.addRow:Completed', 'Ledger.addRow:RolledBack', 'Ledger.addRow:Completed']);
  });

  it('runs the body itself when the result is dropped with a failed attempt of the task that called it', async () => {
    const { events, ledger, engine } = setUp();
    const bodyEnds = deferred();
    ledger.release = bodyEnds.promise;
    class Report {
      attempts = 0;
      @Task({ cacheKeyFn: () => 'report', retries: 1 })
      async build(): Promise<string> {
        this.attempts++;
        if (this.attempts > 1) return 'built without rows';
        await ledger.addRow('x');
        await queuedCallbacks();
        throw new Error('the first attempt fails');
      }
    }
    const report = engine.attach(new Report());
    const built = report.build(); // outside any transaction(): the task call's own transaction holds the row
    await ledger.started.promise;
    const outside = ledger.addRow('x');
    bodyEnds.resolve();

    expect(await built).toBe('built without rows');
    expect(await outside).toBe('x#2');
    expect(rows).toEqual(['x#2']);
    expect(states(events)).toEqual([
      'Ledger.addRow:Completed',
      'Ledger.addRow:RolledBack',
      'Report.build:Completed',
      'Ledger.addRow:Completed',
    ]);
  });

  it('shares the outcome at once within the same outermost transaction, from any lazy branch', async () => {
    const { events, ledger } = setUp();
    const values = await transaction(() =>
      Promise.all([ledger.addRow('x'), ledger.addRow('x'), transaction(() => ledger.addRow('x'))]),
    );
    expect(values).toEqual(['x#1', 'x#1', 'x#1']);
    expect(ledger.bodyRuns).toBe(1);
    expect(states(events)).toEqual(['Ledger.addRow:Completed', 'Ledger.addRow:Cached', 'Ledger.addRow:Cached']);
  });

  it('runs the body itself in an eager branch, which would commit what it builds on the result alone', async () => {
    const { events, ledger } = setUp();
    const values = await transaction(() =>
      Promise.all([ledger.addRow('x'), transaction(() => ledger.addRow('x'), { commitMode: 'eager' })]),
    );
    expect(values).toEqual(['x#1', 'x#2']);
    expect(ledger.bodyRuns).toBe(2);
    expect(states(events)).toEqual(['Ledger.addRow:Completed', 'Ledger.addRow:Completed']);
  }, 2000);

  it('shares a failure at once: a failure is never cached, and carries no result to keep from others', async () => {
    const { events, engine } = setUp();
    const started = deferred();
    const failing = deferred();
    class Failing {
      bodyRuns = 0;
      @Task({ cacheKeyFn: () => 'failing' })
      async fail(): Promise<string> {
        this.bodyRuns++;
        started.resolve();
        await failing.promise;
        throw new Error('the warehouse is down');
      }
    }
    const service = engine.attach(new Failing());
    const inside = transaction(() => service.fail());
    await started.promise;
    const outside = service.fail();
    failing.resolve();
    await expect(inside).rejects.toThrow('the warehouse is down');
    await expect(outside).rejects.toThrow('the warehouse is down');
    expect(service.bodyRuns).toBe(1);
    expect(states(events)).toEqual(['Failing.fail:Failed', 'Failing.fail:Failed']);
  });
});
