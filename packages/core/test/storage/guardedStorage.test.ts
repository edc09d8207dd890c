import 'reflect-metadata';
import { Engine, MemoryStorage, StorageKeyError, Task } from '../../src';
import { guardStorage, type ListOptions } from '../../src/adapters';
import { CacheInspector } from '../../src/records';
import { findDefinition } from '../../src/definitions/definitionRegistry';
import { MemoryObjects } from '../../src/storage/MemoryObjects';
import { bytes } from '../../../../test/support/bytes';

/** An adapter that checks nothing and records every call it gets, as a storage written after core took the checks. */
class UncheckedStorage extends MemoryObjects {
  readonly calls: string[] = [];

  constructor() {
    super('unchecked://results');
  }

  override async get(key: string): Promise<Uint8Array | undefined> {
    this.calls.push(`get ${key}`);
    return super.get(key);
  }

  override async getRange(key: string, length: number): Promise<Uint8Array | undefined> {
    this.calls.push(`getRange ${key} ${length}`);
    return super.getRange(key, length);
  }

  override async put(key: string, value: Uint8Array): Promise<void> {
    this.calls.push(`put ${key}`);
    return super.put(key, value);
  }

  override async list(prefix: string, options?: ListOptions) {
    this.calls.push(`list ${prefix} ${JSON.stringify(options)}`);
    return super.list(prefix, options);
  }
}

describe('guardStorage', () => {
  let adapter: UncheckedStorage;
  beforeEach(() => {
    adapter = new UncheckedStorage();
  });

  it('refuses a bad key with one StorageKeyError naming key, rule, operation and location', async () => {
    const storage = guardStorage(adapter);
    const refusal = storage.get('a/../b');
    await expect(refusal).rejects.toThrow(StorageKeyError);
    await expect(refusal).rejects.toThrow(
      'invalid storage key "a/../b" for get in unchecked://results: a key must not contain . or .. segments',
    );
    await expect(storage.put('/abs', bytes('x'))).rejects.toThrow(
      'invalid storage key "/abs" for put in unchecked://results: a key must be relative: it must not start with /',
    );
    await expect(storage.list('../')).rejects.toThrow(
      'invalid storage key "../" for list in unchecked://results: a key must not contain . or .. segments',
    );
    expect(adapter.calls).toEqual([]);
  });

  it('refuses a bad length, limit or maxBytes with one RangeError wording naming the call', async () => {
    const storage = guardStorage(adapter);
    await expect(storage.getRange('a/b', -1)).rejects.toThrow(
      new RangeError(
        'getRange "a/b" in unchecked://results: length must be a whole number of bytes, 0 or more, got -1',
      ),
    );
    await expect(storage.getRange('a/b', 1.5)).rejects.toThrow(
      new RangeError(
        'getRange "a/b" in unchecked://results: length must be a whole number of bytes, 0 or more, got 1.5',
      ),
    );
    await expect(storage.list('a/', { limit: 0 })).rejects.toThrow(
      new RangeError(
        'list "a/" in unchecked://results: limit must be a whole number of objects per page, 1 or more, got 0',
      ),
    );
    await expect(storage.get('a/b', { maxBytes: Number.NaN })).rejects.toThrow(
      new RangeError('get "a/b" in unchecked://results: maxBytes must be a number of bytes, 0 or more, got NaN'),
    );
    expect(adapter.calls).toEqual([]);
  });

  it('refuses bytes that are not bytes, and a cursor that is not a string, with a TypeError', async () => {
    const storage = guardStorage(adapter);
    await expect(storage.put('a/b', 'text' as unknown as Uint8Array)).rejects.toThrow(
      new TypeError('put "a/b" in unchecked://results: bytes must be a Uint8Array, got "text"'),
    );
    await expect(storage.list('', { cursor: 7 as unknown as string })).rejects.toThrow(
      new TypeError(
        `list "" in unchecked://results: cursor must be the string a previous page's cursor held, got number`,
      ),
    );
    expect(adapter.calls).toEqual([]);
  });

  it('passes good arguments on untouched, and the adapter answers', async () => {
    const storage = guardStorage(adapter);
    await storage.put('a/b', Buffer.from('bytes from Node'));
    expect(await storage.getRange('a/b', 5)).toEqual(bytes('bytes'));
    expect((await storage.list('a/', { limit: 1 })).objects.map((object) => object.key)).toEqual(['a/b']);
    expect(adapter.calls).toEqual(['put a/b', 'getRange a/b 5', 'list a/ {"limit":1}']);
    expect(storage.location).toBe('unchecked://results');
  });

  it('is applied once: a guarded storage is its own guard, and an adapter always gets the same one', () => {
    const guarded = guardStorage(adapter);
    expect(guarded).not.toBe(adapter);
    expect(guardStorage(guarded)).toBe(guarded);
    expect(guardStorage(adapter)).toBe(guarded);
    const memory = new MemoryStorage();
    expect(guardStorage(memory)).toBe(memory);
  });
});

describe('storages entering core are guarded', () => {
  let adapter: UncheckedStorage;
  beforeEach(() => {
    adapter = new UncheckedStorage();
  });

  it("the engine's default storage", async () => {
    const engine = new Engine({ storage: adapter });
    await expect(engine.storage.list('', { limit: 0 })).rejects.toThrow(
      'list "" in unchecked://results: limit must be a whole number of objects per page, 1 or more, got 0',
    );
    expect(new Engine({ storage: () => adapter }).storage).toBe(engine.storage);
    expect(adapter.calls).toEqual([]);
  });

  it("a task's resultStorage, the same guard as the engine's when it is the same adapter", async () => {
    class Reports {
      @Task({ resultStorage: adapter, cacheKeyFn: (_context, [day]) => `sales/${String(day)}` })
      async sales(day: string): Promise<number> {
        return day.length;
      }
    }
    const storage = findDefinition(Reports.prototype, 'sales')!.resultStorage!;
    await expect(storage.get('sales/../x')).rejects.toThrow(
      'invalid storage key "sales/../x" for get in unchecked://results: a key must not contain . or .. segments',
    );
    expect(storage).toBe(new Engine({ storage: adapter }).storage);
    expect(await new Engine().attach(new Reports()).sales('mon')).toBe(3);
    expect(adapter.calls).toEqual(['get sales/mon', 'put sales/mon']);
  });

  it('the storage a CacheInspector reads', async () => {
    const inspector = new CacheInspector(adapter);
    await expect(inspector.list({ limit: 0 })).rejects.toThrow(
      new RangeError(
        'list "" in unchecked://results: limit must be a whole number of objects per page, 1 or more, got 0',
      ),
    );
    expect(inspector.storage).toBe(guardStorage(adapter));
    expect(adapter.calls).toEqual([]);
  });
});
