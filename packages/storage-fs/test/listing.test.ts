import { promises as fs } from 'node:fs';
import path from 'node:path';
import { checkStorageKey, type ResultStorage } from '@flowcache/core/adapters';
import fc from 'fast-check';
import { FileSystemStorage } from '../src';
import { bytes, makeTemporaryDirectory, removeDirectory, sortByUtf8 } from './support';
import { temporaryFileSystemStorage } from '../../../test/support/temporaryStorage';

/** Every key under `prefix`, page by page, and how many pages it took. */
async function listAll(storage: ResultStorage, prefix: string, limit?: number) {
  const keys: string[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await storage.list(prefix, {
      ...(limit === undefined ? {} : { limit }),
      ...(cursor === undefined ? {} : { cursor }),
    });
    expect(page.objects.length).toBeLessThanOrEqual(limit ?? 1000);
    keys.push(...page.objects.map((object) => object.key));
    cursor = page.cursor;
    pages++;
  } while (cursor !== undefined);
  return { keys, pages };
}

const isValidPrefix = (prefix: string) => {
  try {
    checkStorageKey(prefix, { allowPrefix: true });
    return true;
  } catch {
    return false;
  }
};

describe('FileSystemStorage listing', () => {
  let basePath: string;
  let storage: FileSystemStorage;
  let remove: () => Promise<void>;
  beforeEach(async () => ({ basePath, storage, remove } = await temporaryFileSystemStorage()));
  afterEach(() => remove());

  it('pages through 1200 keys in one directory and below it, each exactly once, in order', async () => {
    const keys = [
      ...Array.from({ length: 1000 }, (_unused, index) => `many/${String(index).padStart(4, '0')}`),
      ...Array.from({ length: 200 }, (_unused, index) => `many/0500/${String(index).padStart(3, '0')}`),
    ];
    for (let start = 0; start < keys.length; start += 100) {
      await Promise.all(keys.slice(start, start + 100).map((key) => storage.put(key, bytes(key))));
    }
    await storage.put('many-but-not-under', bytes('outside the prefix'));
    await storage.put('manz', bytes('after the prefix'));
    const expected = sortByUtf8(keys);

    const firstPage = await storage.list('many/');
    expect(firstPage.objects).toHaveLength(1000);
    expect(firstPage.cursor).toBe(expected[999]);
    const lastPage = await storage.list('many/', { cursor: firstPage.cursor });
    expect(lastPage.objects.map((object) => object.key)).toEqual(expected.slice(1000));
    expect(lastPage.cursor).toBeUndefined();

    expect(await listAll(storage, 'many/')).toEqual({ keys: expected, pages: 2 });
    expect(await listAll(storage, 'many/', 100)).toEqual({ keys: expected, pages: 12 });
    expect(await listAll(storage, 'many/', 7)).toEqual({ keys: expected, pages: Math.ceil(1200 / 7) });
    expect((await listAll(storage, 'many/0500/', 64)).keys).toEqual(
      expected.filter((key) => key.startsWith('many/0500/')),
    );
  }, 60_000);

  it('orders keys by UTF-8 bytes, as S3 does, not by UTF-16 code units', async () => {
    const keys = ['u/\uff61', 'u/😀', 'u/z', 'u/é', 'u/é/deeper'];
    for (const key of keys) await storage.put(key, bytes(key));
    const order = ['u/z', 'u/é', 'u/é/deeper', 'u/\uff61', 'u/😀'];
    expect((await storage.list('u/')).objects.map((object) => object.key)).toEqual(order);
    expect((await listAll(storage, 'u/', 1)).keys).toEqual(order);
  });

  it('continues after a cursor that names no stored key', async () => {
    for (const key of ['c/a/1', 'c/a/2', 'c/b', 'c/b/1', 'c/c']) await storage.put(key, bytes(key));
    const after = async (cursor: string) => (await storage.list('c/', { cursor })).objects.map((object) => object.key);
    expect(await after('c/a')).toEqual(['c/a/1', 'c/a/2', 'c/b', 'c/b/1', 'c/c']);
    expect(await after('c/a/')).toEqual(['c/a/1', 'c/a/2', 'c/b', 'c/b/1', 'c/c']);
    expect(await after('c/a/15')).toEqual(['c/a/2', 'c/b', 'c/b/1', 'c/c']);
    expect(await after('c/a/9')).toEqual(['c/b', 'c/b/1', 'c/c']);
    expect(await after('c/b')).toEqual(['c/b/1', 'c/c']);
    expect(await after('c/b/1')).toEqual(['c/c']);
    expect(await after('c/c')).toEqual([]);
    expect(await after('')).toEqual(['c/a/1', 'c/a/2', 'c/b', 'c/b/1', 'c/c']);
  });

  it('lists any set of keys, by any prefix and page size, exactly as sorting and filtering them would', async () => {
    const segment = fc
      .array(fc.constantFrom('a', 'b', '.', '%', '2', 'E', 'f', 'c', 'r', ' ', 'é', '\uff61', '😀'), {
        minLength: 1,
        maxLength: 5,
      })
      .map((characters) => characters.join(''))
      .filter((text) => text !== '.' && text !== '..');
    const key = fc.array(segment, { minLength: 1, maxLength: 3 }).map((segments) => segments.join('/'));
    const scenario = fc
      .record({
        keys: fc.uniqueArray(key, { minLength: 1, maxLength: 12 }),
        pick: fc.nat(),
        cut: fc.nat(),
        limit: fc.integer({ min: 1, max: 5 }),
      })
      .map(({ keys, pick, cut, limit }) => {
        const codePoints = Array.from(keys[pick % keys.length]);
        return { keys, limit, prefix: codePoints.slice(0, cut % (codePoints.length + 1)).join('') };
      })
      .filter(({ prefix }) => isValidPrefix(prefix));

    await fc.assert(
      fc.asyncProperty(scenario, async ({ keys, limit, prefix }) => {
        const directory = await makeTemporaryDirectory('storage-fs');
        try {
          const fresh = new FileSystemStorage({ basePath: directory });
          for (const stored of keys) await fresh.put(stored, bytes(stored));
          const expected = sortByUtf8(keys.filter((stored) => stored.startsWith(prefix)));
          expect((await listAll(fresh, prefix, limit)).keys).toEqual(expected);
          expect((await listAll(fresh, '')).keys).toEqual(sortByUtf8(keys));
        } finally {
          await removeDirectory(directory);
        }
      }),
      { numRuns: 60 },
    );
  }, 60_000);

  it('removes temp files an hour old (left by a writer killed mid-write) and keeps younger ones', async () => {
    await storage.put('reports/today', bytes('x'));
    const directory = path.join(basePath, 'reports');
    const old = path.join(directory, '.fc-tmp-0123456789abcdef');
    const young = path.join(directory, '.fc-tmp-fedcba9876543210');
    await fs.writeFile(old, 'partial');
    await fs.writeFile(young, 'being written');
    const twoHoursAgo = new Date(Date.now() - 2 * 3_600_000);
    await fs.utimes(old, twoHoursAgo, twoHoursAgo);
    expect((await listAll(storage, '')).keys).toEqual(['reports/today']);
    expect((await fs.readdir(directory)).sort()).toEqual(['.fc-tmp-fedcba9876543210', 'today.fcr']);
  });
});
