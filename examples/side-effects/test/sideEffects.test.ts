import { invoices, main } from '../src/main';

describe('the side-effects example', () => {
  it('shows a write skipped on a hit, a duplicate after a failure, and the hooks that keep writes exact', async () => {
    const lines: string[] = [];
    const taskRuns = await main((line) => lines.push(line));
    expect(lines).toEqual([
      '1. A write in the body is skipped on a hit',
      '   first call: Completed, 1 row(s) for acme',
      '   second call: Cached, 1 row(s) for acme: the body did not run, so nothing was inserted',
      '   after the row was lost: Cached, 0 row(s) for acme: the cache says done, the table disagrees',
      '2. A write in the body, then a failure: not cached, not undone, written again by the retry',
      '   after a failed and a successful attempt: 2 row(s) for globex (a duplicate)',
      '3. onCommit: the write happens once, when the result is committed',
      '   after a failed attempt: 0 row(s) for initech (the transaction rolled back, the hook did not run)',
      '   after a successful attempt and a hit (Cached): 1 row(s) for initech',
      '4. onRollback: a write the body made is undone when its transaction fails',
      '   after a failed attempt: 0 row(s) for umbrella (the hook deleted it)',
      '   after a successful attempt: 1 row(s) for umbrella',
    ]);
    const states = (method: string) =>
      taskRuns.filter((event) => event.taskName === `Billing.${method}`).map((event) => event.state);
    expect(states('invoiceWrittenOnCommit')).toEqual(['Completed', 'RolledBack', 'Completed', 'Cached']);
    expect(states('invoiceUndoneOnRollback')).toEqual(['Completed', 'RolledBack', 'Completed']);
    expect(invoices.rows.map((row) => row.customer)).toEqual(['globex', 'globex', 'initech', 'umbrella']);

    await main(() => undefined); // runs the same way again: a fresh engine, the table emptied
    expect(invoices.rows).toHaveLength(4);
  });
});
