import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Engine, MemoryStorage, Task, taskInputHash } from '@flowcache/core';

class Money {
  constructor(
    readonly cents: number,
    readonly currency: string,
  ) {}
}

class Invoice {
  constructor(readonly total: Money) {}
  toJSON(): unknown {
    return { total: { cents: this.total.cents, currency: this.total.currency } };
  }
}

class Billing {
  runs = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async balance(customer: string): Promise<Money> {
    this.runs++;
    return new Money(customer.length * 100, 'EUR');
  }

  @Task({ cacheKeyFn: taskInputHash })
  async invoice(customer: string): Promise<Invoice> {
    this.runs++;
    return new Invoice(new Money(customer.length * 100, 'EUR'));
  }

  @Task({ cacheKeyFn: taskInputHash, resultSerializer: 'v8' })
  async statement(customer: string): Promise<Money> {
    this.runs++;
    return new Money(customer.length * 100, 'EUR');
  }
}

export async function main(): Promise<void> {
  const storage = new MemoryStorage();
  const warnings: string[] = [];
  const logger = { warn: (message: string) => warnings.push(message) };
  const first = new Engine({ storage, logger }).attach(new Billing());
  const restarted = () => new Engine({ storage, logger }).attach(new Billing()); // a new process, same storage

  // The JSON serializer refuses a class instance it could not bring back: returned anyway, kept in memory,
  // not persisted; the next process computes it again.
  assert.ok((await first.balance('acme')) instanceof Money);
  assert.match(warnings[0], /Billing\.balance returned a value that was not persisted/);
  assert.match(warnings[0], /a Money instance would come back as a plain object/);
  const second = restarted();
  await second.balance('acme');
  assert.equal(second.runs, 1);

  // With toJSON() it is persisted, and a hit from storage returns the plain form, not an Invoice.
  assert.ok((await first.invoice('acme')) instanceof Invoice);
  assert.ok((await first.invoice('acme')) instanceof Invoice); // a memory hit: the very object
  const fromStorage = await restarted().invoice('acme');
  assert.ok(!(fromStorage instanceof Invoice));
  assert.deepEqual(fromStorage, { total: { cents: 400, currency: 'EUR' } });

  // The v8 serializer stores class instances, and reads them back as plain objects too.
  await first.statement('acme');
  const statement: unknown = await restarted().statement('acme');
  assert.ok(!(statement instanceof Money));
  assert.deepEqual({ ...(statement as object) }, { cents: 400, currency: 'EUR' });
}
