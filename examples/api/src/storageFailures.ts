import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Engine, MemoryStorage, StorageError, Task, taskInputHash } from '@flowcache/core';

/** A storage whose next reads fail the way a busy server does: transiently. */
class BusyStorage extends MemoryStorage {
  busyReads = 0;
  reads = 0;

  override async get(key: string): Promise<Uint8Array | undefined> {
    this.reads++;
    if (this.busyReads > 0) {
      this.busyReads--;
      throw new StorageError(this.location, 'get', key, new Error('503 SlowDown'), { transient: true });
    }
    return super.get(key);
  }
}

class Billing {
  invoicesSent = 0;

  @Task({ cacheKeyFn: taskInputHash, persistResult: true })
  async sendInvoice(customer: string): Promise<string> {
    this.invoicesSent++; // a side effect: sent once, never again because a read failed
    return `invoice for ${customer}`;
  }
}

export async function main(): Promise<void> {
  const storage = new BusyStorage();
  const settings = { storageRetries: 2, storageRetryDelayMs: 50 }; // the defaults are 2 and 100
  await new Engine({ storage, settings }).attach(new Billing()).sendInvoice('acme');

  // Another process finds the record although the first two reads fail: the third attempt succeeds.
  const warnings: string[] = [];
  const billing = new Engine({ storage, settings, logger: { warn: (message) => warnings.push(message) } }).attach(
    new Billing(),
  );
  storage.busyReads = 2;
  storage.reads = 0;
  assert.equal(await billing.sendInvoice('acme'), 'invoice for acme');
  assert.equal(billing.invoicesSent, 0);
  assert.equal(storage.reads, 3);
  assert.deepEqual(warnings, []);

  // When every attempt fails, the call still returns (it runs the body), with one warning that says so.
  storage.busyReads = 3;
  assert.equal(await billing.sendInvoice('globex'), 'invoice for globex');
  assert.match(warnings[0], /^Billing\.sendInvoice runs without its stored result: .*503 SlowDown \(tried 3 times\)$/);
}
