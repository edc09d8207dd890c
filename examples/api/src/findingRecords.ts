import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Engine, Flow, MemoryStorage, Task } from '@flowcache/core';
import {
  CacheInspector,
  RECORD_SORTS,
  type RecordFilter,
  type RecordSort,
  type SortedRecordPage,
  type SortedRecordsOptions,
} from '@flowcache/core/records';

const HOUR = 3_600_000;

class Exports {
  @Task({ cacheKeyFn: (_context, [rows]) => `export/${String(rows)}`, cacheExpiration: { hours: 12 } })
  async table(rows: number): Promise<number[]> {
    return Array.from({ length: rows }, (_, row) => row);
  }

  @Flow()
  async nightly(sizes: number[]): Promise<number> {
    let total = 0;
    for (const rows of sizes) total += (await this.table(rows)).length;
    return total;
  }
}

export async function main(): Promise<void> {
  const storage = new MemoryStorage();
  let now = Date.UTC(2026, 11, 1, 6);
  const exports = new Engine({ storage, clock: () => now }).attach(new Exports());
  await exports.nightly([10, 10_000]);
  now += 6 * HOUR;
  await exports.nightly([100, 10_000]); // six hours later: a new small export, the large one a hit

  const inspector = new CacheInspector(storage, () => now);
  // "larger than 10 kB": sizes are checked on the storage's listing, so smaller records are not even read.
  const large: RecordFilter = { minBytes: 10_000 };
  assert.deepEqual(
    (await inspector.list(large)).records.map((record) => record.key),
    ['export/10000'],
  );
  // "older than 3 hours" and "expires within 8 hours" (a record that never expires matches no expiry criterion).
  const old: RecordFilter = { createdBefore: new Date(now - 3 * HOUR), expiresBefore: new Date(now + 8 * HOUR) };
  assert.deepEqual(
    (await inspector.list(old)).records.map((record) => record.key),
    ['export/10', 'export/10000'],
  );

  // Sorted by size, age (created) or last use, a page at a time: the walk keeps a few fields per record, no value.
  assert.deepEqual(RECORD_SORTS, ['size', 'age', 'lastUsed']);
  const sort: RecordSort = 'lastUsed';
  const options: SortedRecordsOptions = { sort, limit: 2 };
  const page: SortedRecordPage = await inspector.sortedRecords({}, options);
  assert.equal(page.total, 3);
  // Last use: when a task run kept in the run history last returned (Cached) or wrote (Completed) the record.
  const [latest, before] = page.records.map((record) => page.lastUses.get(record.key)?.getTime() ?? -1);
  assert.ok(latest >= before && before > 0);
  const bySize = await inspector.sortedRecords({}, { sort: 'size', reverse: true, offset: 1, limit: 1 });
  assert.deepEqual(
    bySize.records.map((record) => record.key),
    ['export/100'],
  );
  await assert.rejects(inspector.list({ minBytes: -1 }), RangeError);
}
