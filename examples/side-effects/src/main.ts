/**
 * Side effects in cached tasks. A cache hit returns the stored value without running the method, so a database
 * write inside a cached task happens once per key, not once per call, and a write made before a later step fails
 * is neither cached nor undone, so the retry writes it again. Hooks make such writes explicit: `onCommit` writes
 * when the result is committed (never on hits, never for a failed transaction), `onRollback` undoes a write the
 * body had to make itself when its transaction fails.
 */
import 'reflect-metadata';
import assert from 'node:assert/strict';
import {
  Engine,
  MemoryStorage,
  Task,
  taskInputHash,
  transaction,
  type TaskRunEvent,
  type TransactionHook,
} from '@flowcache/core';

/** A row of the invoice table. */
export interface Invoice {
  customer: string;
  month: string;
  amount: number;
}

/** Stands in for a database table outside the cache. */
export class InvoiceTable {
  readonly rows: Invoice[] = [];

  insert(invoice: Invoice): void {
    this.rows.push(invoice);
  }

  delete(invoice: Invoice): void {
    const index = this.rows.findIndex((row) => row.customer === invoice.customer && row.month === invoice.month);
    if (index >= 0) this.rows.splice(index, 1);
  }

  count(customer: string): number {
    return this.rows.filter((row) => row.customer === customer).length;
  }
}

/** The database the tasks and hooks write to (hooks receive the call's value, not the instance). */
export const invoices = new InvoiceTable();

// Runs once when the invoice's result is committed: after the whole transaction succeeded, and never on a hit.
const insertInvoice: TransactionHook = ({ value }) => invoices.insert(value as Invoice);
// Runs when a completed call is rolled back with its transaction: undoes what its body wrote.
const deleteInvoice: TransactionHook = ({ value }) => invoices.delete(value as Invoice);

/** The same invoice task three ways: the write in the body, in an onCommit hook, undone by an onRollback hook. */
export class Billing {
  /** How many of the next `sendToCustomer` calls fail: shows what a failure after the write does. */
  mailFailures = 0;

  // The write sits in the cached body: it runs when the body runs, i.e. on a miss only.
  @Task({ cacheKeyFn: taskInputHash })
  async invoiceWithWriteInBody(customer: string, month: string): Promise<Invoice> {
    const invoice = { customer, month, amount: customer.length * 100 };
    invoices.insert(invoice);
    return invoice;
  }

  // The body only computes; the write is the commit hook's.
  @Task({ cacheKeyFn: taskInputHash, onCommit: insertInvoice })
  async invoiceWrittenOnCommit(customer: string, month: string): Promise<Invoice> {
    return { customer, month, amount: customer.length * 100 };
  }

  // When the body must write itself (say, to get the row's id), the rollback hook undoes it on failure.
  @Task({ cacheKeyFn: taskInputHash, onRollback: deleteInvoice })
  async invoiceUndoneOnRollback(customer: string, month: string): Promise<Invoice> {
    const invoice = { customer, month, amount: customer.length * 100 };
    invoices.insert(invoice);
    return invoice;
  }

  @Task({ cacheKeyFn: taskInputHash })
  async sendToCustomer(invoice: Invoice): Promise<string> {
    if (this.mailFailures > 0) {
      this.mailFailures--;
      throw new Error('mail server down');
    }
    return `sent ${invoice.amount} to ${invoice.customer}`;
  }
}

/** Bills a customer: the invoice, then the mail, all or nothing (a transaction). */
function bill(
  billing: Billing,
  createInvoice: (customer: string, month: string) => Promise<Invoice>,
  customer: string,
) {
  return transaction(async () => billing.sendToCustomer(await createInvoice(customer, '2026-11')));
}

/** Runs the example; `print` receives each output line. Returns every task run, in order. */
export async function main(print: (line: string) => void = console.log): Promise<TaskRunEvent[]> {
  invoices.rows.length = 0;
  // Results in this process only, so every run of the example shows the same thing.
  const engine = new Engine({ storage: new MemoryStorage() });
  const taskRuns: TaskRunEvent[] = [];
  engine.onTaskRun((event) => taskRuns.push(event));
  const billing = engine.attach(new Billing());
  const rows = (customer: string) => `${invoices.count(customer)} row(s) for ${customer}`;
  const lastState = () => taskRuns.at(-1)?.state;

  print('1. A write in the body is skipped on a hit');
  await billing.invoiceWithWriteInBody('acme', '2026-11');
  print(`   first call: ${lastState()}, ${rows('acme')}`);
  await billing.invoiceWithWriteInBody('acme', '2026-11');
  print(`   second call: ${lastState()}, ${rows('acme')}: the body did not run, so nothing was inserted`);
  invoices.delete({ customer: 'acme', month: '2026-11', amount: 0 }); // say, a restore from yesterday's backup
  await billing.invoiceWithWriteInBody('acme', '2026-11');
  print(`   after the row was lost: ${lastState()}, ${rows('acme')}: the cache says done, the table disagrees`);
  assert.equal(invoices.count('acme'), 0);

  print('2. A write in the body, then a failure: not cached, not undone, written again by the retry');
  billing.mailFailures = 1;
  await bill(billing, (customer, month) => billing.invoiceWithWriteInBody(customer, month), 'globex').catch(
    () => undefined,
  );
  await bill(billing, (customer, month) => billing.invoiceWithWriteInBody(customer, month), 'globex');
  print(`   after a failed and a successful attempt: ${rows('globex')} (a duplicate)`);
  assert.equal(invoices.count('globex'), 2);

  print('3. onCommit: the write happens once, when the result is committed');
  billing.mailFailures = 1;
  await bill(billing, (customer, month) => billing.invoiceWrittenOnCommit(customer, month), 'initech').catch(
    () => undefined,
  );
  print(`   after a failed attempt: ${rows('initech')} (the transaction rolled back, the hook did not run)`);
  await bill(billing, (customer, month) => billing.invoiceWrittenOnCommit(customer, month), 'initech');
  await billing.invoiceWrittenOnCommit('initech', '2026-11');
  print(`   after a successful attempt and a hit (${lastState()}): ${rows('initech')}`);
  assert.equal(invoices.count('initech'), 1);

  print('4. onRollback: a write the body made is undone when its transaction fails');
  billing.mailFailures = 1;
  await bill(billing, (customer, month) => billing.invoiceUndoneOnRollback(customer, month), 'umbrella').catch(
    () => undefined,
  );
  print(`   after a failed attempt: ${rows('umbrella')} (the hook deleted it)`);
  await bill(billing, (customer, month) => billing.invoiceUndoneOnRollback(customer, month), 'umbrella');
  print(`   after a successful attempt: ${rows('umbrella')}`);
  assert.equal(invoices.count('umbrella'), 1);
  return taskRuns;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
