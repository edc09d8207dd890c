import 'reflect-metadata';
import assert from 'node:assert/strict';
import {
  Engine,
  Flow,
  MemoryStorage,
  NONE,
  Task,
  taskInputHash,
  transaction,
  type TransactionHook,
} from '@flowcache/core';

const outbox: string[] = []; // stands for an email service
const uploaded = new Set<string>(); // stands for a bucket other systems read

// Runs once per computed and committed result: never on a hit, never for a result that was rolled back.
const announce: TransactionHook = ({ cacheKey, value }) => {
  outbox.push(`new report ${String(value)} (${cacheKey?.slice(0, 8)})`);
};
// Undoes what the body did outside the cache when the enclosing transaction fails.
const removeUpload: TransactionHook = ({ value }) => {
  uploaded.delete(value as string);
};

class Reports {
  // Wrong: the email is part of the cached body, so a hit sends nothing.
  @Task({ cacheKeyFn: taskInputHash })
  async buildAndEmail(day: string): Promise<string> {
    outbox.push(`report ${day}`);
    return `report ${day}`;
  }

  // Right: cache the computation...
  @Task({ cacheKeyFn: taskInputHash, onCommit: announce })
  async build(day: string): Promise<string> {
    return `report ${day}`;
  }

  // ...and keep the side effect in a task that is never cached.
  @Task({ cachePolicy: NONE })
  async email(report: string): Promise<void> {
    outbox.push(report);
  }

  @Flow()
  async daily(day: string): Promise<void> {
    await this.email(await this.build(day));
  }

  @Task({ cacheKeyFn: taskInputHash, onRollback: removeUpload })
  async upload(day: string): Promise<string> {
    uploaded.add(`reports/${day}`);
    return `reports/${day}`;
  }
}

export async function main(): Promise<void> {
  const engine = new Engine({ storage: new MemoryStorage() });
  const hits: string[] = [];
  engine.onTaskRun((event) => {
    if (event.state === 'Cached') hits.push(event.taskName); // runs on every call, hit or miss
  });
  const reports = engine.attach(new Reports());

  await reports.buildAndEmail('2026-11-26');
  await reports.buildAndEmail('2026-11-26');
  assert.deepEqual(outbox.splice(0), ['report 2026-11-26']); // the second call sent nothing

  await reports.daily('2026-11-26');
  await reports.daily('2026-11-26');
  assert.match(outbox[0], /^new report report 2026-11-26 \([0-9a-f]{8}\)$/); // onCommit: once, when computed
  assert.deepEqual(outbox.slice(1), ['report 2026-11-26', 'report 2026-11-26']); // the email: every time
  assert.deepEqual(hits, ['Reports.buildAndEmail', 'Reports.build']);

  // A step after the upload fails: the transaction rolls back, the hook removes the upload, nothing is cached.
  await assert.rejects(
    transaction(async () => {
      await reports.upload('2026-11-27');
      throw new Error('could not notify the warehouse');
    }),
    /could not notify the warehouse/,
  );
  assert.equal(uploaded.size, 0);
}
