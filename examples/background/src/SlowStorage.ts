import { setTimeout as sleep } from 'node:timers/promises';
import type { ListOptions, ResultStorage, StoredObject, StoredObjectPage } from '@flowcache/core/adapters';

/**
 * Wraps a storage and makes every write take `latencyMs` longer: stands in for a distant bucket. `onStored` is
 * told each key once its write has finished.
 */
export class SlowStorage implements ResultStorage {
  constructor(
    private readonly inner: ResultStorage,
    private readonly latencyMs: number,
    private readonly onStored: (key: string) => void = () => undefined,
  ) {}

  get location(): string {
    return this.inner.location;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    await sleep(this.latencyMs);
    await this.inner.put(key, bytes);
    this.onStored(key);
  }

  async putIfAbsent(key: string, bytes: Uint8Array): Promise<boolean> {
    await sleep(this.latencyMs);
    const stored = await this.inner.putIfAbsent(key, bytes);
    if (stored) this.onStored(key);
    return stored;
  }

  get(key: string): Promise<Uint8Array | undefined> {
    return this.inner.get(key);
  }

  getRange(key: string, length: number): Promise<Uint8Array | undefined> {
    return this.inner.getRange(key, length);
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
