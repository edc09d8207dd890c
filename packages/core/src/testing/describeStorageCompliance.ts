import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { ObjectTooLargeError } from '../errors/ObjectTooLargeError';
import { StorageKeyError } from '../errors/StorageKeyError';
import { guardStorage } from '../storage/guardedStorage';
import type { ResultStorage } from '../storage/ResultStorage';

/** Makes a fresh, empty storage for one test, and optionally cleans it up afterwards. */
export interface StorageFixture {
  create(): Promise<ResultStorage> | ResultStorage;
  destroy?(storage: ResultStorage): Promise<void> | void;
}

const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'utf8'));
const text = (value: Uint8Array | undefined) => (value === undefined ? undefined : Buffer.from(value).toString('utf8'));

/**
 * The behaviour every `ResultStorage` adapter must have, as a jest suite an adapter package runs in one line:
 * `describeStorageCompliance('FileSystemStorage', { create: () => new FileSystemStorage({ basePath }) })`.
 * Bad arguments are refused by core before an adapter sees them: those tests go through `guardStorage`, as every
 * storage core works with does.
 */
export function describeStorageCompliance(name: string, fixture: StorageFixture): void {
  describe(`${name} (storage compliance)`, () => {
    let storage: ResultStorage;
    beforeEach(async () => {
      storage = await fixture.create();
    });
    afterEach(async () => {
      await fixture.destroy?.(storage);
    });

    it('names its location', () => {
      expect(storage.location).toMatch(/^[a-z0-9+]+:\/\//);
    });

    it('reads nothing under a key never written', async () => {
      expect(await storage.get('missing/key')).toBeUndefined();
      expect(await storage.getRange('missing/key', 10)).toBeUndefined();
      expect(await storage.stat('missing/key')).toBeUndefined();
      expect(await storage.delete('missing/key')).toBe(false);
    });

    it('stores, replaces and deletes bytes', async () => {
      await storage.put('a/b/record', bytes('first'));
      expect(text(await storage.get('a/b/record'))).toBe('first');
      await storage.put('a/b/record', bytes('second, longer'));
      expect(text(await storage.get('a/b/record'))).toBe('second, longer');
      expect(await storage.delete('a/b/record')).toBe(true);
      expect(await storage.get('a/b/record')).toBeUndefined();
      expect(await storage.delete('a/b/record')).toBe(false);
    });

    it('stores a copy: changing the buffer afterwards changes nothing', async () => {
      const buffer = bytes('original');
      await storage.put('copy', buffer);
      buffer[0] = 0x58;
      expect(text(await storage.get('copy'))).toBe('original');
    });

    it('round-trips empty, binary and large values exactly', async () => {
      const allBytes = new Uint8Array(256).map((_value, index) => index);
      const large = new Uint8Array(5 * 1024 * 1024).map((_value, index) => (index * 31) & 0xff);
      await storage.put('empty', new Uint8Array(0));
      await storage.put('binary', allBytes);
      await storage.put('large', large);
      expect(await storage.get('empty')).toEqual(new Uint8Array(0));
      expect(Buffer.from((await storage.get('binary'))!).equals(Buffer.from(allBytes))).toBe(true);
      expect(Buffer.from((await storage.get('large'))!).equals(Buffer.from(large))).toBe(true);
      expect((await storage.stat('large'))?.size).toBe(large.byteLength);
    });

    it('stores streamed chunks as one object, replacing what was there (its putStream, else put)', async () => {
      const streaming = guardStorage(storage);
      const large = new Uint8Array(12 * 1024 * 1024).map((_value, index) => (index * 7) & 0xff);
      async function* chunks() {
        yield bytes('head:');
        for (let start = 0; start < large.byteLength; start += 3 * 1024 * 1024) {
          yield large.subarray(start, start + 3 * 1024 * 1024);
        }
      }
      await streaming.put('streamed', bytes('old'));
      await streaming.putStream!('streamed', chunks());
      const stored = Buffer.from((await storage.get('streamed'))!);
      expect(stored.byteLength).toBe(5 + large.byteLength);
      expect(stored.subarray(0, 5).toString()).toBe('head:');
      expect(stored.subarray(5).equals(large)).toBe(true);
      await streaming.putStream!('streamed', [bytes('short')]);
      expect(text(await storage.get('streamed'))).toBe('short');
    });

    it('refuses an object larger than maxBytes with ObjectTooLargeError naming the key and size', async () => {
      await storage.put('sized/record', bytes('0123456789'));
      const reading = storage.get('sized/record', { maxBytes: 9 });
      await expect(reading).rejects.toThrow(ObjectTooLargeError);
      await expect(reading).rejects.toMatchObject({ key: 'sized/record', size: 10, maxBytes: 9 });
    });

    it('reads an object of exactly maxBytes, and nothing under a key never written', async () => {
      await storage.put('sized/record', bytes('0123456789'));
      expect(text(await storage.get('sized/record', { maxBytes: 10 }))).toBe('0123456789');
      expect(await storage.get('sized/missing', { maxBytes: 1 })).toBeUndefined();
      await storage.put('sized/empty', new Uint8Array(0));
      expect(await storage.get('sized/empty', { maxBytes: 1 })).toEqual(new Uint8Array(0));
    });

    it('reads the first bytes of an object', async () => {
      await storage.put('ranged', bytes('0123456789'));
      expect(text(await storage.getRange('ranged', 4))).toBe('0123');
      expect(text(await storage.getRange('ranged', 100))).toBe('0123456789');
    });

    it('creates only when absent, and exactly once under concurrency', async () => {
      expect(await storage.putIfAbsent('once', bytes('first'))).toBe(true);
      expect(await storage.putIfAbsent('once', bytes('second'))).toBe(false);
      expect(text(await storage.get('once'))).toBe('first');
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, (_unused, index) => storage.putIfAbsent('race', bytes(`writer ${index}`))),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const winner = outcomes.indexOf(true);
      expect(text(await storage.get('race'))).toBe(`writer ${winner}`);
    });

    it('reads versions and replaces only the version read, when it has getVersioned and putIfVersion', async () => {
      const { getVersioned, putIfVersion } = storage;
      if (getVersioned === undefined || putIfVersion === undefined) {
        // Optional, as a pair: a storage without them is written with a check of its bytes (see putIfUnchanged).
        expect(getVersioned === undefined && putIfVersion === undefined).toBe(true);
        return;
      }
      const read = (key: string) => getVersioned.call(storage, key);
      const replace = (key: string, value: string, version: string) =>
        putIfVersion.call(storage, key, bytes(value), version);
      expect(await read('versioned')).toBeUndefined();
      await storage.put('versioned', bytes('first'));
      const first = await read('versioned');
      expect(text(first?.bytes)).toBe('first');
      expect(await replace('versioned', 'second', first!.version)).toBe(true);
      expect(text(await storage.get('versioned'))).toBe('second');
      // The version read before the replacement no longer matches, whoever replaced it.
      expect(await replace('versioned', 'stale', first!.version)).toBe(false);
      await storage.put('versioned', bytes('third'));
      expect(await replace('versioned', 'stale', first!.version)).toBe(false);
      expect(text(await storage.get('versioned'))).toBe('third');
      const current = await read('versioned');
      expect(current?.version).not.toBe(first!.version);
      await storage.delete('versioned');
      expect(await replace('versioned', 'stale', current!.version)).toBe(false);
      expect(await storage.get('versioned')).toBeUndefined();
    });

    it('lets exactly one of many writers replace a version it read', async () => {
      const { getVersioned, putIfVersion } = storage;
      if (getVersioned === undefined || putIfVersion === undefined) return;
      await storage.put('contended', bytes('old'));
      const { version } = (await getVersioned.call(storage, 'contended'))!;
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, (_unused, index) =>
          putIfVersion.call(storage, 'contended', bytes(`writer ${index}`), version),
        ),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      expect(text(await storage.get('contended'))).toBe(`writer ${outcomes.indexOf(true)}`);
    });

    it('describes an object without reading it', async () => {
      const before = Date.now();
      await storage.put('described', bytes('12345'));
      const stat = await storage.stat('described');
      expect(stat).toEqual({ key: 'described', size: 5, modifiedAt: expect.any(Date) });
      expect(stat!.modifiedAt.getTime()).toBeGreaterThan(before - 5_000);
    });

    it('keeps a key and longer keys under it apart', async () => {
      await storage.put('report', bytes('parent'));
      await storage.put('report/2026-11-26', bytes('child'));
      expect(text(await storage.get('report'))).toBe('parent');
      expect(text(await storage.get('report/2026-11-26'))).toBe('child');
    });

    it('accepts Unicode keys', async () => {
      await storage.put('résumé/日本/ключ', bytes('unicode'));
      expect(text(await storage.get('résumé/日本/ключ'))).toBe('unicode');
      expect((await storage.list('résumé/')).objects.map((object) => object.key)).toEqual(['résumé/日本/ключ']);
    });

    it('lists by prefix in key order, nested keys included', async () => {
      for (const key of ['b/2', 'a/1', 'a/sub/3', 'ab/4', 'c']) await storage.put(key, bytes(key));
      const keysUnder = async (prefix: string) => (await storage.list(prefix)).objects.map((object) => object.key);
      expect(await keysUnder('a/')).toEqual(['a/1', 'a/sub/3']);
      expect(await keysUnder('a')).toEqual(['a/1', 'a/sub/3', 'ab/4']);
      expect(await keysUnder('')).toEqual(['a/1', 'a/sub/3', 'ab/4', 'b/2', 'c']);
      expect(await keysUnder('zzz/')).toEqual([]);
      const page = await storage.list('a/');
      expect(page.cursor).toBeUndefined();
      expect(page.objects[0]).toEqual({ key: 'a/1', size: 3, modifiedAt: expect.any(Date) });
    });

    it('orders keys by their UTF-8 bytes, as S3 does', async () => {
      const keys = ['order/\uff61', 'order/\u{1f600}', 'order/z', 'order/Z'];
      for (const key of keys) await storage.put(key, bytes(key));
      const listed = (await storage.list('order/')).objects.map((object) => object.key);
      expect(listed).toEqual(['order/Z', 'order/z', 'order/\uff61', 'order/\u{1f600}']);
      const paged: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await storage.list('order/', { limit: 1, ...(cursor === undefined ? {} : { cursor }) });
        paged.push(...page.objects.map((object) => object.key));
        cursor = page.cursor;
      } while (cursor !== undefined && paged.length < 10);
      expect(paged).toEqual(listed);
    });

    it('ends a listing whose last page is exactly full', async () => {
      for (let index = 0; index < 4; index++) await storage.put(`full/${index}`, bytes('x'));
      const first = await storage.list('full/', { limit: 2 });
      expect(first.cursor).toBeDefined();
      const second = await storage.list('full/', { limit: 2, cursor: first.cursor });
      expect(second.objects.map((object) => object.key)).toEqual(['full/2', 'full/3']);
      const rest =
        second.cursor === undefined ? [] : (await storage.list('full/', { limit: 2, cursor: second.cursor })).objects;
      expect(rest).toEqual([]);
    });

    it('accepts prefixes that end in an unfinished segment, dots included', async () => {
      await storage.put('..a', bytes('dots'));
      await storage.put('.hidden/x', bytes('hidden'));
      expect((await storage.list('..')).objects.map((object) => object.key)).toEqual(['..a']);
      expect((await storage.list('.')).objects.map((object) => object.key)).toEqual(['..a', '.hidden/x']);
    });

    it('refuses a negative range and a page limit below 1', async () => {
      await storage.put('ranged', bytes('x'));
      await expect(guardStorage(storage).getRange('ranged', -1)).rejects.toThrow(RangeError);
      await expect(guardStorage(storage).list('', { limit: 0 })).rejects.toThrow(RangeError);
    });

    it('lists page by page with a cursor, every key exactly once', async () => {
      const keys = Array.from({ length: 25 }, (_unused, index) => `paged/${String(index).padStart(2, '0')}`);
      await Promise.all(keys.map((key) => storage.put(key, bytes(key))));
      const seen: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await storage.list('paged/', { limit: 10, ...(cursor === undefined ? {} : { cursor }) });
        expect(page.objects.length).toBeLessThanOrEqual(10);
        seen.push(...page.objects.map((object) => object.key));
        cursor = page.cursor;
        pages++;
      } while (cursor !== undefined && pages < 10);
      expect(seen).toEqual(keys);
      expect(pages).toBeGreaterThanOrEqual(3);
    });

    it.each([
      ['an empty key', ''],
      ['a parent segment', 'a/../b'],
      ['a leading ..', '../escape'],
      ['an absolute path', '/etc/passwd'],
      ['an empty segment', 'a//b'],
      ['a trailing slash', 'a/b/'],
      ['a . segment', 'a/./b'],
      ['a backslash', 'a\\..\\b'],
      ['a NUL character', 'a\u0000b'],
      ['a newline', 'a\nb'],
      ['an over-long key', 'k'.repeat(1025)],
      ['an over-long segment', `a/${'s'.repeat(201)}`],
    ])('rejects %s on every operation with a StorageKeyError', async (_label, key) => {
      const guarded = guardStorage(storage);
      const operations = [
        () => guarded.get(key),
        () => guarded.getRange(key, 1),
        () => guarded.put(key, bytes('x')),
        () => guarded.putIfAbsent(key, bytes('x')),
        () => guarded.delete(key),
        () => guarded.stat(key),
      ];
      for (const operation of operations) await expect(operation()).rejects.toThrow(StorageKeyError);
    });

    it('rejects a prefix that could escape the store', async () => {
      await expect(guardStorage(storage).list('../')).rejects.toThrow(StorageKeyError);
      await expect(guardStorage(storage).list('/abs/')).rejects.toThrow(StorageKeyError);
    });
  });
}
