import 'reflect-metadata';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Container, injectable } from 'inversify';
import {
  installFlowcache,
  LOCK_MANAGER,
  LockLostError,
  MemoryStorage,
  RESULT_STORAGE,
  Task,
  taskInputHash,
  type LockManager,
} from '@flowcache/core';
import { checkLockDuration, checkStorageKey, type AcquireOptions, type Lease } from '@flowcache/core/adapters';

/** A row and the version it has now; every change gives it a new version. */
export interface VersionedRow {
  readonly value: string;
  readonly version: number;
}

/**
 * The client the lock manager is given: anything with conditional writes. S3 (If-None-Match / If-Match on the
 * ETag), SQL (`INSERT ... ON CONFLICT DO NOTHING`, `UPDATE ... WHERE version = ?`), etcd, DynamoDB...
 */
export interface VersionedTable {
  read(id: string): Promise<VersionedRow | undefined>;
  /** Creates the row unless one exists; `false` when one does. */
  create(id: string, value: string): Promise<boolean>;
  /** Replaces the row only while it still has `version`; `false` when it changed or is gone. */
  replace(id: string, value: string, version: number): Promise<boolean>;
  /** Deletes the row only while it still has `version`. */
  remove(id: string, version: number): Promise<boolean>;
}

const POLL_MS = 15;

/** Leases as rows: the holder, a token that fences renew and release, and when the lease ends. */
export class RowLockManager implements LockManager {
  readonly location: string;
  private readonly table: VersionedTable;

  constructor({ table, name }: { table: VersionedTable; name: string }) {
    this.table = table;
    this.location = `table://${name}`;
  }

  async acquire(key: string, holder: string, { leaseMs, timeoutMs = 0 }: AcquireOptions): Promise<Lease | undefined> {
    checkStorageKey(key);
    checkLockDuration('leaseMs', leaseMs);
    checkLockDuration('timeoutMs', timeoutMs);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const row = await this.table.read(key);
      const current = row === undefined ? undefined : (JSON.parse(row.value) as Lease);
      const expiresAt = Date.now() + leaseMs;
      if (row === undefined) {
        const lease: Lease = { key, holder, token: randomUUID(), expiresAt };
        if (await this.table.create(key, JSON.stringify(lease))) return lease;
        continue; // someone created it first: look again
      }
      const expired = current!.expiresAt <= Date.now();
      if (expired || current!.holder === holder) {
        // Take over an expired lease (new token), or renew the holder's own (same token). The version decides
        // between contenders: exactly one replace succeeds.
        const lease: Lease = { key, holder, token: expired ? randomUUID() : current!.token, expiresAt };
        if (await this.table.replace(key, JSON.stringify(lease), row.version)) return lease;
        continue;
      }
      const remaining = deadline - Date.now();
      if (remaining <= 0) return undefined;
      await sleep(Math.min(POLL_MS, remaining));
    }
  }

  async renew(lease: Lease, leaseMs: number): Promise<Lease> {
    checkLockDuration('leaseMs', leaseMs);
    const row = await this.heldRow(lease);
    const renewed: Lease = { ...lease, expiresAt: Date.now() + leaseMs };
    if (!(await this.table.replace(lease.key, JSON.stringify(renewed), row.version))) {
      throw new LockLostError(lease.key, lease.holder);
    }
    return renewed;
  }

  async release(lease: Lease): Promise<void> {
    const row = await this.heldRow(lease);
    if (!(await this.table.remove(lease.key, row.version))) throw new LockLostError(lease.key, lease.holder);
  }

  async isLocked(key: string): Promise<boolean> {
    checkStorageKey(key);
    const row = await this.table.read(key);
    return row !== undefined && (JSON.parse(row.value) as Lease).expiresAt > Date.now();
  }

  async waitForRelease(key: string, timeoutMs: number): Promise<boolean> {
    checkStorageKey(key);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!(await this.isLocked(key))) return true;
      const remaining = deadline - Date.now();
      if (remaining <= 0) return false;
      await sleep(Math.min(POLL_MS, remaining));
    }
  }

  // The lease's row, if the lease still holds the lock: same token, not expired. Otherwise the lock was lost.
  private async heldRow(lease: Lease): Promise<VersionedRow> {
    const row = await this.table.read(lease.key);
    const current = row === undefined ? undefined : (JSON.parse(row.value) as Lease);
    if (row === undefined || current!.token !== lease.token || current!.expiresAt <= Date.now()) {
      throw new LockLostError(lease.key, lease.holder);
    }
    return row;
  }
}

/** Stands for the real client in this example and in the compliance suite. */
export class InMemoryVersionedTable implements VersionedTable {
  private readonly rows = new Map<string, VersionedRow>();
  private nextVersion = 1;

  async read(id: string): Promise<VersionedRow | undefined> {
    return this.rows.get(id);
  }

  async create(id: string, value: string): Promise<boolean> {
    if (this.rows.has(id)) return false;
    this.rows.set(id, { value, version: this.nextVersion++ });
    return true;
  }

  async replace(id: string, value: string, version: number): Promise<boolean> {
    if (this.rows.get(id)?.version !== version) return false;
    this.rows.set(id, { value, version: this.nextVersion++ });
    return true;
  }

  async remove(id: string, version: number): Promise<boolean> {
    if (this.rows.get(id)?.version !== version) return false;
    return this.rows.delete(id);
  }
}

let trainings = 0;

@injectable()
class Trainer {
  @Task({ cacheKeyFn: taskInputHash, isolationLevel: 'SERIALIZABLE' })
  async train(dataset: string): Promise<string> {
    trainings++;
    await sleep(50);
    return `model(${dataset})`;
  }
}

export async function main(): Promise<void> {
  trainings = 0;
  const table = new InMemoryVersionedTable(); // shared by every worker, as a database would be
  const results = new MemoryStorage();
  const worker = () => {
    const container = new Container();
    container.bind(RESULT_STORAGE).toConstantValue(results);
    container.bind(LOCK_MANAGER).toConstantValue(new RowLockManager({ table, name: 'locks' }));
    installFlowcache(container);
    container.bind(Trainer).toSelf();
    return container.get(Trainer);
  };
  await Promise.all([worker().train('sales'), worker().train('sales'), worker().train('sales')]);
  assert.equal(trainings, 1);

  // A crashed holder blocks others for one lease at most, and cannot release the lock it lost.
  const locks = new RowLockManager({ table, name: 'locks' });
  const crashed = await locks.acquire('nightly', 'worker-a', { leaseMs: 100 });
  assert.equal(await locks.acquire('nightly', 'worker-b', { leaseMs: 60_000 }), undefined);
  const next = await locks.acquire('nightly', 'worker-b', { leaseMs: 60_000, timeoutMs: 1_000 });
  assert.equal(next?.holder, 'worker-b');
  await assert.rejects(locks.release(crashed!), LockLostError);
  await locks.release(next!);
  assert.equal(await locks.isLocked('nightly'), false);
}
