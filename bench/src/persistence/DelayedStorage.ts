import { setTimeout as sleep } from 'node:timers/promises';
import type { ListOptions, ResultStorage, StoredObject, StoredObjectPage } from '@flowcache/core/adapters';

/** Injected latency, in milliseconds, per kind of operation. */
export interface Delays {
  /** Added before `get` and `getRange` answer. */
  readonly readMs?: number;
  /** Added before `put` and `putIfAbsent` answer. */
  readonly writeMs?: number;
}

/**
 * A storage that answers like the one it wraps, but only after a fixed delay: stands in for a remote store (S3
 * across a region, a network disk) with a known round trip, so the cost of waiting for it can be measured.
 */
export class DelayedStorage implements ResultStorage {
  readonly location: string;
  private readonly readMs: number;
  private readonly writeMs: number;

  constructor(
    private readonly inner: ResultStorage,
    { readMs = 0, writeMs = 0 }: Delays,
  ) {
    this.location = `${inner.location} (+${readMs} ms read, +${writeMs} ms write)`;
    this.readMs = readMs;
    this.writeMs = writeMs;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    await pause(this.readMs);
    return this.inner.get(key);
  }

  async getRange(key: string, length: number): Promise<Uint8Array | undefined> {
    await pause(this.readMs);
    return this.inner.getRange(key, length);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    await pause(this.writeMs);
    return this.inner.put(key, bytes);
  }

  async putIfAbsent(key: string, bytes: Uint8Array): Promise<boolean> {
    await pause(this.writeMs);
    return this.inner.putIfAbsent(key, bytes);
  }

  delete(key: string): Promise<boolean> {
    return this.inner.delete(key);
  }

  list(prefix: string, options?: ListOptions): Promise<StoredObjectPage> {
    return this.inner.list(prefix, options);
  }

  stat(key: string): Promise<StoredObject | undefined> {
    return this.inner.stat(key);
  }
}

async function pause(ms: number): Promise<void> {
  if (ms > 0) await sleep(ms);
}
