import { ObjectTooLargeError } from '../errors/ObjectTooLargeError';
import type {
  GetOptions,
  ListOptions,
  ResultStorage,
  StoredObject,
  StoredObjectPage,
  VersionedBytes,
} from './ResultStorage';

interface Stored {
  readonly bytes: Uint8Array;
  readonly modifiedAt: Date;
  /** Which write this is: every write takes the next number, so a rewrite of the same bytes is told apart. */
  readonly version: number;
}

/**
 * The adapter inside `MemoryStorage`: bytes by key in a `Map`, arguments already checked. Stores copies, so
 * callers cannot change what is stored by changing their buffers.
 */
export class MemoryObjects implements ResultStorage {
  private readonly objects = new Map<string, Stored>();
  private writes = 0;

  constructor(readonly location: string) {}

  async get(key: string, options?: GetOptions): Promise<Uint8Array | undefined> {
    const stored = this.read(key, options);
    return stored === undefined ? undefined : new Uint8Array(stored.bytes);
  }

  async getVersioned(key: string, options?: GetOptions): Promise<VersionedBytes | undefined> {
    const stored = this.read(key, options);
    return stored === undefined ? undefined : { bytes: new Uint8Array(stored.bytes), version: String(stored.version) };
  }

  async getRange(key: string, length: number): Promise<Uint8Array | undefined> {
    const stored = this.objects.get(key);
    return stored === undefined ? undefined : stored.bytes.slice(0, length);
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    this.store(key, bytes);
  }

  async putIfAbsent(key: string, bytes: Uint8Array): Promise<boolean> {
    if (this.objects.has(key)) return false;
    this.store(key, bytes);
    return true;
  }

  async putIfVersion(key: string, bytes: Uint8Array, version: string): Promise<boolean> {
    const stored = this.objects.get(key);
    if (stored === undefined || String(stored.version) !== version) return false;
    this.store(key, bytes);
    return true;
  }

  async delete(key: string): Promise<boolean> {
    return this.objects.delete(key);
  }

  async list(prefix: string, { cursor, limit = 1000 }: ListOptions = {}): Promise<StoredObjectPage> {
    const after = cursor === undefined ? undefined : Buffer.from(cursor, 'utf8');
    const keys = [...this.objects.keys()]
      .filter(
        (key) => key.startsWith(prefix) && (after === undefined || Buffer.compare(Buffer.from(key, 'utf8'), after) > 0),
      )
      .sort(byUtf8);
    const page = keys.slice(0, limit);
    return {
      objects: page.map((key) => this.describe(key)),
      cursor: keys.length > limit ? page[page.length - 1] : undefined,
    };
  }

  async stat(key: string): Promise<StoredObject | undefined> {
    return this.objects.has(key) ? this.describe(key) : undefined;
  }

  private read(key: string, { maxBytes }: GetOptions = {}): Stored | undefined {
    const stored = this.objects.get(key);
    if (stored === undefined) return undefined;
    if (maxBytes !== undefined && stored.bytes.byteLength > maxBytes) {
      throw new ObjectTooLargeError(this.location, key, stored.bytes.byteLength, maxBytes);
    }
    return stored;
  }

  private store(key: string, bytes: Uint8Array): void {
    this.objects.set(key, { bytes: new Uint8Array(bytes), modifiedAt: new Date(), version: ++this.writes });
  }

  private describe(key: string): StoredObject {
    const stored = this.objects.get(key)!;
    return { key, size: stored.bytes.byteLength, modifiedAt: stored.modifiedAt };
  }
}

/** Key order is UTF-8 byte order, as in S3: it differs from JavaScript's for characters beyond U+FFFF. */
function byUtf8(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
