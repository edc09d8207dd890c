import 'reflect-metadata';
import assert from 'node:assert/strict';
import { Container, injectable } from 'inversify';
import {
  installFlowcache,
  ObjectTooLargeError,
  RESULT_STORAGE,
  StorageError,
  Task,
  type ResultStorage,
} from '@flowcache/core';
import {
  checkStorageKey,
  type GetOptions,
  type ListOptions,
  type StoredObject,
  type StoredObjectPage,
  type VersionedBytes,
} from '@flowcache/core/adapters';
import { CacheInspector } from '@flowcache/core/records';

/** A row of the service the adapter wraps. */
export interface BlobRow {
  readonly id: string;
  readonly bytes: Uint8Array;
  readonly writtenAt: Date;
  /** A new number on every write: what a conditional write compares. */
  readonly version: number;
}

/** How a write is conditioned: on no row having the id, or on the row still having a version. */
export interface WriteCondition {
  readonly onlyIfAbsent?: boolean;
  readonly onlyIfVersion?: number;
}

/**
 * The client the adapter is given: a table in your database, a key-value service... It needs an atomic "insert
 * unless present" and a scan in id order; an atomic "replace if still this version" is optional.
 */
export interface BlobTable {
  read(id: string): Promise<BlobRow | undefined>;
  /**
   * Inserts or replaces the row; with `onlyIfAbsent`, inserts only when no row has the id, with `onlyIfVersion`
   * replaces only a row of that version (`false` otherwise).
   */
  write(id: string, bytes: Uint8Array, condition: WriteCondition): Promise<boolean>;
  remove(id: string): Promise<boolean>;
  /** Rows whose id starts with `prefix` and sorts after `after`, in UTF-8 byte order, at most `limit`. */
  scan(prefix: string, after: string | undefined, limit: number): Promise<BlobRow[]>;
}

/** A `ResultStorage` over a `BlobTable`: what an adapter package exports. */
export class TableStorage implements ResultStorage {
  readonly location: string;
  private readonly table: BlobTable;

  constructor({ table, name }: { table: BlobTable; name: string }) {
    this.table = table;
    this.location = `table://${name}`; // shown in warnings, errors and the CLI
  }

  async get(key: string, { maxBytes }: GetOptions = {}): Promise<Uint8Array | undefined> {
    checkStorageKey(key); // first, before anything is touched
    const row = await this.call('get', key, () => this.table.read(key));
    // A table row arrives whole; over a network, ask for the size first (HEAD, stat) and fetch only if it fits.
    if (row !== undefined && maxBytes !== undefined && row.bytes.byteLength > maxBytes) {
      throw new ObjectTooLargeError(this.location, key, row.bytes.byteLength, maxBytes);
    }
    return row?.bytes;
  }

  // Optional, with putIfVersion: a SERIALIZABLE task's write then replaces only the record its call found, so a
  // holder whose lease ran out cannot overwrite the record of the holder that took over.
  async getVersioned(key: string, options?: GetOptions): Promise<VersionedBytes | undefined> {
    checkStorageKey(key);
    const row = await this.call('getVersioned', key, () => this.table.read(key));
    if (row === undefined) return undefined;
    if (options?.maxBytes !== undefined && row.bytes.byteLength > options.maxBytes) {
      throw new ObjectTooLargeError(this.location, key, row.bytes.byteLength, options.maxBytes);
    }
    return { bytes: row.bytes, version: String(row.version) };
  }

  async putIfVersion(key: string, bytes: Uint8Array, version: string): Promise<boolean> {
    checkStorageKey(key);
    return this.call('putIfVersion', key, () => this.table.write(key, bytes, { onlyIfVersion: Number(version) }));
  }

  async getRange(key: string, length: number): Promise<Uint8Array | undefined> {
    checkStorageKey(key);
    if (!Number.isInteger(length) || length < 0) throw new RangeError(`bad length ${length}`);
    return (await this.call('getRange', key, () => this.table.read(key)))?.bytes.subarray(0, length);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    checkStorageKey(key);
    await this.call('put', key, () => this.table.write(key, bytes, {}));
  }

  async putIfAbsent(key: string, bytes: Uint8Array): Promise<boolean> {
    checkStorageKey(key);
    return this.call('putIfAbsent', key, () => this.table.write(key, bytes, { onlyIfAbsent: true }));
  }

  async delete(key: string): Promise<boolean> {
    checkStorageKey(key);
    return this.call('delete', key, () => this.table.remove(key));
  }

  async list(prefix: string, { cursor, limit = 1000 }: ListOptions = {}): Promise<StoredObjectPage> {
    checkStorageKey(prefix, { allowPrefix: true });
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`limit must be a whole number ≥ 1, got ${limit}`);
    const rows = await this.call('list', prefix, () => this.table.scan(prefix, cursor, limit + 1));
    const page = rows.slice(0, limit);
    return { objects: page.map(describe), cursor: rows.length > limit ? page[page.length - 1].id : undefined };
  }

  async stat(key: string): Promise<StoredObject | undefined> {
    checkStorageKey(key);
    const row = await this.call('stat', key, () => this.table.read(key));
    return row === undefined ? undefined : describe(row);
  }

  // Every failure of the client becomes a StorageError naming the location, the operation and the key; those
  // that may pass when repeated soon are marked transient, so the engine retries them.
  private async call<T>(operation: string, key: string, request: () => Promise<T>): Promise<T> {
    try {
      return await request();
    } catch (error) {
      const transient = ['ETIMEDOUT', 'ECONNRESET'].includes((error as { code?: string }).code ?? '');
      throw new StorageError(this.location, operation, key, error, { transient });
    }
  }
}

function describe(row: BlobRow): StoredObject {
  return { key: row.id, size: row.bytes.byteLength, modifiedAt: row.writtenAt };
}

/** Stands for the real client in this example and in the compliance suite. */
export class InMemoryBlobTable implements BlobTable {
  private readonly rows = new Map<string, BlobRow>();
  private writes = 0;
  failing = false;

  async read(id: string): Promise<BlobRow | undefined> {
    this.check();
    const row = this.rows.get(id);
    // fresh bytes, as a client gives
    return row === undefined ? undefined : { ...row, bytes: new Uint8Array(row.bytes) };
  }

  async write(id: string, bytes: Uint8Array, { onlyIfAbsent, onlyIfVersion }: WriteCondition): Promise<boolean> {
    this.check();
    if (onlyIfAbsent && this.rows.has(id)) return false;
    if (onlyIfVersion !== undefined && this.rows.get(id)?.version !== onlyIfVersion) return false;
    // a copy, as a real store keeps
    this.rows.set(id, { id, bytes: new Uint8Array(bytes), writtenAt: new Date(), version: ++this.writes });
    return true;
  }

  async remove(id: string): Promise<boolean> {
    this.check();
    return this.rows.delete(id);
  }

  async scan(prefix: string, after: string | undefined, limit: number): Promise<BlobRow[]> {
    this.check();
    const utf8 = (text: string) => Buffer.from(text, 'utf8');
    return [...this.rows.values()]
      .filter((row) => row.id.startsWith(prefix))
      .filter((row) => after === undefined || Buffer.compare(utf8(row.id), utf8(after)) > 0)
      .sort((a, b) => Buffer.compare(utf8(a.id), utf8(b.id)))
      .slice(0, limit);
  }

  private check(): void {
    if (this.failing) throw new Error('connection reset');
  }
}

@injectable()
class Geocoder {
  lookups = 0;

  @Task({ cacheKeyFn: (_context, [address]) => `geocode/${String(address).replace(/\W+/g, '-')}` })
  async locate(address: string): Promise<[number, number]> {
    this.lookups++;
    return [address.length, -address.length];
  }
}

export async function main(): Promise<void> {
  const table = new InMemoryBlobTable();
  const storage = new TableStorage({ table, name: 'results' });
  const warnings: string[] = [];
  const container = new Container();
  container.bind(RESULT_STORAGE).toConstantValue(storage);
  installFlowcache(container, { logger: { warn: (message) => warnings.push(message) } });
  container.bind(Geocoder).toSelf();

  await container.get(Geocoder).locate('1 Main St');
  const inAnotherProcess = container.get(Geocoder); // a new instance; the record is read back from the table
  await inAnotherProcess.locate('1 Main St');
  assert.equal((await table.read('geocode/1-Main-St'))?.id, 'geocode/1-Main-St');

  // The inspector (and so the CLI's operations) works on any adapter.
  const inspector = new CacheInspector(storage);
  assert.deepEqual(
    (await inspector.list()).records.map((record) => `${record.key} ${record.metadata?.taskName}`),
    ['geocode/1-Main-St Geocoder.locate'],
  );

  // A failing storage never fails a call: it runs, returns, and flowcache warns.
  table.failing = true;
  assert.deepEqual(await container.get(Geocoder).locate('2 Side St'), [9, -9]);
  assert.match(warnings.join('\n'), /get "geocode\/2-Side-St" in table:\/\/results failed: connection reset/);
}
