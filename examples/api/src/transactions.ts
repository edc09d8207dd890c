import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Container, injectable } from 'inversify';
import {
  currentTransaction,
  FLOWCACHE_ENGINE,
  installFlowcache,
  LOCK_MANAGER,
  MemoryLockManager,
  MemoryStorage,
  RESULT_STORAGE,
  Task,
  transaction,
  TransactionError,
  type CommitMode,
  type TaskRunState,
  type TransactionHook,
  type TransactionHookContext,
  type TransactionOptions,
  type Transaction,
  type TransactionState,
} from '@flowcache/core';
import { COMMIT_MARKER_PREFIX } from '@flowcache/core/records';

// Stands for a table outside the cache: what a rollback hook must undo.
const invoices = new Set<string>();

const deleteInvoice: TransactionHook = ({ value }: TransactionHookContext) => {
  invoices.delete(value as string);
};

@injectable()
class Billing {
  @Task({ cacheKeyFn: (_context, [customer]) => `usage/${String(customer)}` })
  async usage(customer: string): Promise<number> {
    return customer.length * 10;
  }

  // The invoice row is a side effect: if the transaction fails later, the hook deletes it.
  @Task({ cacheKeyFn: (_context, [customer]) => `invoice/${String(customer)}`, onRollback: deleteInvoice })
  async invoice(customer: string, amount: number): Promise<string> {
    const id = `${currentTransaction()?.get<string>('month')}-${customer}-${amount}`;
    invoices.add(id);
    return id;
  }

  @Task({ cacheKeyFn: (_context, [customer]) => `email/${String(customer)}` })
  async email(customer: string): Promise<void> {
    if (customer === 'globex') throw new Error('mail server down');
  }
}

export async function main(): Promise<void> {
  const container = new Container();
  const storage = new MemoryStorage();
  container.bind(RESULT_STORAGE).toConstantValue(storage);
  container.bind(LOCK_MANAGER).toConstantValue(new MemoryLockManager());
  installFlowcache(container, { settings: { persistResultsByDefault: true } });
  container.bind(Billing).toSelf();
  const billing = container.get(Billing);
  const engine = container.get(FLOWCACHE_ENGINE);
  const states: TaskRunState[] = [];
  engine.onTaskRun((event) => states.push(event.state));

  // All or nothing: usage, invoice and email are cached together, or not at all. SERIALIZABLE with a key: one
  // billing run per customer at a time, across every process sharing the lock manager.
  const committed: TransactionState[] = [];
  const bill = (customer: string) => {
    const options: TransactionOptions = { key: `billing/${customer}`, isolationLevel: 'SERIALIZABLE', engine };
    return transaction(async (tx: Transaction) => {
      tx.set('month', '2026-11');
      tx.onCommit(() => void committed.push(tx.state));
      const id = await billing.invoice(customer, await billing.usage(customer));
      await billing.email(customer);
      return id;
    }, options);
  };

  assert.equal(await bill('acme'), '2026-11-acme-40');
  assert.deepEqual(committed, ['committed']);
  // Three records, and the marker written after them that makes them visible to other processes at once.
  const keys = (await storage.list('')).objects.map((object) => object.key);
  assert.deepEqual(keys.filter((key) => !key.startsWith(COMMIT_MARKER_PREFIX)).sort(), [
    'email/acme',
    'invoice/acme',
    'usage/acme',
  ]);
  assert.equal(keys.filter((key) => key.startsWith(COMMIT_MARKER_PREFIX)).length, 1);

  await assert.rejects(bill('globex'), /mail server down/);
  assert.deepEqual([...invoices], ['2026-11-acme-40']); // the globex invoice was deleted by its hook
  assert.equal(await storage.get('usage/globex'), undefined); // and nothing of globex was cached
  assert.deepEqual(states, [
    'Completed',
    'Completed',
    'Completed',
    'Completed',
    'Completed',
    'Failed',
    'RolledBack',
    'RolledBack',
  ]);

  // 'off': nothing is committed unless the body commits; a settled transaction cannot change its mind.
  const mode: CommitMode = 'off';
  await transaction(
    async (tx) => {
      await billing.usage('initech');
      await tx.rollback();
      await assert.rejects(tx.commit(), TransactionError);
    },
    { commitMode: mode },
  );
  assert.equal(await storage.get('usage/initech'), undefined);
}
