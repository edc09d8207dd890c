import 'reflect-metadata';
import assert from 'node:assert/strict';
import {
  Engine,
  KEY_FORMAT_VERSION,
  stableHash,
  Task,
  taskInputHash,
  UnhashableInputError,
  type CacheKeyFn,
} from '@flowcache/core';

interface Query {
  customerId: string;
  debug: boolean;
}

// A custom key: the task's own key for the customer only (the debug flag must not split the cache), and no
// caching at all for the internal test customer.
const byCustomer: CacheKeyFn = (context, [query]) => {
  const { customerId } = query as Query;
  if (customerId === 'test') return null;
  return `${context.task.name}/${stableHash(customerId)}`;
};

class Billing {
  invoiceRuns = 0;
  sendRuns = 0;

  @Task({ cacheKeyFn: byCustomer })
  async invoices(query: Query): Promise<string[]> {
    this.invoiceRuns++;
    return [`${query.customerId}-001`];
  }

  @Task({ cacheKeyFn: taskInputHash })
  async send(mailer: { deliver: (to: string) => void }, to: string): Promise<void> {
    this.sendRuns++;
    mailer.deliver(to);
  }
}

export async function main(): Promise<void> {
  const warnings: string[] = [];
  const engine = new Engine({ logger: { warn: (message) => warnings.push(message) } });
  const billing = engine.attach(new Billing());

  await billing.invoices({ customerId: 'acme', debug: false });
  await billing.invoices({ customerId: 'acme', debug: true });
  await billing.invoices({ customerId: 'test', debug: false });
  await billing.invoices({ customerId: 'test', debug: false });
  assert.equal(billing.invoiceRuns, 3);

  // stableHash: equal values, equal digests, whatever the key order.
  assert.equal(stableHash({ a: 1, b: [2, 3] }), stableHash({ b: [2, 3], a: 1 }));
  assert.throws(() => stableHash({ callback: () => 1 }), UnhashableInputError);
  // The format keys are hashed in: a release that raises it makes results stored before it miss once.
  assert.equal(KEY_FORMAT_VERSION, 2);

  // An argument with no stable value never fails the call: it runs uncached, with one warning that says why.
  const mailer = { deliver: (_to: string) => undefined };
  await billing.send(mailer, 'ops@example.com');
  await billing.send(mailer, 'ops@example.com');
  assert.equal(billing.sendRuns, 2);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /Billing\.send runs uncached .* args\[0\]\.deliver/);
}
