import { MemoryStorage, StorageError } from '../../src';

/** A memory storage that counts its record reads (whole and ranged) and can fail its next ranged reads. */
export class CountingStorage extends MemoryStorage {
  gets = 0;
  rangeReads = 0;
  private failingRangeReads = 0;

  failNextRangeReads(count: number): void {
    this.failingRangeReads += count;
  }

  override async get(key: string, options?: { maxBytes?: number }): Promise<Uint8Array | undefined> {
    if (!key.startsWith('_flowcache/')) this.gets++;
    return super.get(key, options);
  }

  override async getRange(key: string, length: number): Promise<Uint8Array | undefined> {
    this.rangeReads++;
    if (this.failingRangeReads > 0) {
      this.failingRangeReads--;
      throw new StorageError(this.location, 'get', key, new Error('ECONNRESET'), { transient: true });
    }
    return super.getRange(key, length);
  }
}
