import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Engine, MemoryStorage, Task, taskInputHash } from '@flowcache/core';

class Money {
  constructor(
    readonly cents: number,
    readonly currency: string,
  ) {}
}

interface InvoiceData {
  total: { cents: number; currency: string };
}

class Invoice {
  constructor(readonly total: Money) {}
  toJSON(): InvoiceData {
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

  // Plain data: what a hit from storage brings back exactly.
  @Task({ cacheKeyFn: taskInputHash })
  async invoiceData(customer: string): Promise<InvoiceData> {
    this.runs++;
    return new Invoice(new Money(customer.length * 100, 'EUR')).toJSON();
  }
}

export async function main(): Promise<void> {
  const storage = new MemoryStorage();
  const warnings: string[] = [];
  const logger = { warn: (message: string) => warnings.push(message) };
  const first = new Engine({ storage, logger }).attach(new Billing());
  const restarted = () => new Engine({ storage, logger }).attach(new Billing()); // a new process, same storage

  // No serializer could bring a class instance back (its class is not known where the record is read), with a
  // toJSON() or not, JSON or v8: the call returns it and keeps it in memory, with a warning, but does not
  // persist it; the next process computes it again.
  assert.ok((await first.balance('acme')) instanceof Money);
  assert.ok((await first.invoice('acme')) instanceof Invoice);
  assert.ok((await first.statement('acme')) instanceof Money);
  assert.ok((await first.invoice('acme')) instanceof Invoice); // a memory hit: the very object
  assert.equal(first.runs, 3);
  assert.match(warnings[0], /Billing\.balance returned a value that was not persisted/);
  assert.match(warnings[0], /the class Money is not known where the record is read/);
  assert.match(warnings[1], /Billing\.invoice returned a value that was not persisted/);
  assert.match(warnings[2], /Billing\.statement returned a value that was not persisted/);
  const second = restarted();
  await second.balance('acme');
  await second.invoice('acme');
  await second.statement('acme');
  assert.equal(second.runs, 3);

  // Plain data is persisted, and a hit from storage returns it as it was.
  const data = await first.invoiceData('acme');
  const third = restarted();
  assert.deepEqual(await third.invoiceData('acme'), data);
  assert.equal(third.runs, 0);
}
