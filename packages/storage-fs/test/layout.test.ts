import { promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkStorageKey } from '@flowcache/core/adapters';
import { FileSystemStorage } from '../src';
import { bytes, makeTemporaryDirectory, removeDirectory, sortByUtf8, text, walkTree } from './support';

// Valid keys that a naive key → path mapping would let escape, hide, collide or be mistaken for something else.
const TRICKY_KEYS = [
  '..a',
  '.hidden',
  '...',
  '.fcr',
  '..fcr',
  '.fc-tmp-0123456789abcdef',
  'x',
  'x.fcr',
  'x.fcr/y',
  'x%2Efcr',
  'x.FCR',
  'dir.FCR/z',
  '%41',
  'A',
  '%2E',
  '%25',
  '%',
  '%%2E%',
  'a b',
  ' leading',
  'trailing ',
  'sym?*:<>|"',
  '~',
  '-',
  'report',
  'report/2026-11-26',
  'report-x',
  'report/2026-11-26/detail',
  'a/.b/..c/...d',
  'résumé/日本/ключ',
  'emoji/😀',
  'emoji/\uff61',
  'emoji/z',
];

/** Every prefix `list` accepts of every key, cut at code-point boundaries. */
function validPrefixes(keys: readonly string[]): string[] {
  const prefixes = new Set<string>(['']);
  for (const key of keys) {
    const codePoints = Array.from(key);
    for (let length = 1; length <= codePoints.length; length++) prefixes.add(codePoints.slice(0, length).join(''));
  }
  return [...prefixes].filter((prefix) => {
    try {
      checkStorageKey(prefix, { allowPrefix: true });
      return true;
    } catch {
      return false;
    }
  });
}

describe('FileSystemStorage on disk', () => {
  let root: string;
  let basePath: string;
  let storage: FileSystemStorage;
  beforeEach(async () => {
    root = await makeTemporaryDirectory('storage-fs');
    basePath = path.join(root, 'store');
    storage = new FileSystemStorage({ basePath });
  });
  afterEach(() => removeDirectory(root));

  it('is located at the file URL of its absolute base path', () => {
    expect(storage.location).toBe(pathToFileURL(basePath).href);
    expect(new FileSystemStorage({ basePath: 'relative/store' }).basePath).toBe(path.resolve('relative/store'));
  });

  it('lays objects out as <encoded segments>.fcr, directories unsuffixed', async () => {
    for (const key of ['report', 'report/2026-11-26', '.hidden', 'x.fcr/y', '%41']) await storage.put(key, bytes(key));
    const files = (await walkTree(basePath)).map((file) => path.relative(basePath, file)).sort();
    // `.` sorts before `/`: report.fcr comes before report/2026-11-26.fcr.
    expect(files).toEqual([
      '%2541.fcr',
      '%2Ehidden.fcr',
      'report',
      'report.fcr',
      path.join('report', '2026-11-26.fcr'),
      'x%2Efcr',
      path.join('x%2Efcr', 'y.fcr'),
    ]);
  });

  it('keeps tricky keys inside the base path, one file each, and round-trips them through get and list', async () => {
    for (const key of TRICKY_KEYS) await storage.put(key, bytes(key));

    expect(await fs.readdir(root)).toEqual(['store']);
    const tree = await walkTree(basePath);
    const files: string[] = [];
    for (const entry of tree) {
      const info = await fs.lstat(entry);
      expect(info.isFile() || info.isDirectory()).toBe(true);
      expect(path.basename(entry).startsWith('.')).toBe(false);
      if (info.isFile()) files.push(entry);
    }
    expect(files).toHaveLength(TRICKY_KEYS.length);
    const contents = await Promise.all(files.map(async (file) => (await fs.readFile(file)).toString('utf8')));
    expect(new Set(contents)).toEqual(new Set(TRICKY_KEYS));

    for (const key of TRICKY_KEYS) expect(text(await storage.get(key))).toBe(key);
    const listed = async (prefix: string) => (await storage.list(prefix)).objects.map((object) => object.key);
    expect(await listed('')).toEqual(sortByUtf8(TRICKY_KEYS));
    for (const prefix of validPrefixes(TRICKY_KEYS)) {
      expect({ prefix, keys: await listed(prefix) }).toEqual({
        prefix,
        keys: sortByUtf8(TRICKY_KEYS.filter((key) => key.startsWith(prefix))),
      });
    }
  });

  it('creates the base path on the first write only', async () => {
    expect(await storage.get('a/b')).toBeUndefined();
    expect(await storage.getRange('a/b', 4)).toBeUndefined();
    expect(await storage.stat('a/b')).toBeUndefined();
    expect(await storage.delete('a/b')).toBe(false);
    expect(await storage.list('a/')).toEqual({ objects: [], cursor: undefined });
    expect(await fs.readdir(root)).toEqual([]);

    await storage.put('a/b', bytes('created'));
    expect(text(await storage.get('a/b'))).toBe('created');
  });

  it('removes directories a delete leaves empty, but never the base path', async () => {
    await storage.put('a/b/c', bytes('deep'));
    await storage.put('a/x', bytes('shallow'));
    await storage.delete('a/b/c');
    expect(await fs.readdir(basePath)).toEqual(['a']);
    expect(await fs.readdir(path.join(basePath, 'a'))).toEqual(['x.fcr']);
    await storage.delete('a/x');
    expect(await fs.readdir(basePath)).toEqual([]);
    await storage.put('a/b/c', bytes('again'));
    expect(text(await storage.get('a/b/c'))).toBe('again');
  });

  it('lists only what it wrote: temp, hidden and foreign files are skipped', async () => {
    await storage.put('kept', bytes('kept'));
    await fs.writeFile(path.join(basePath, 'notes.txt'), 'not an object');
    await fs.writeFile(path.join(basePath, '.DS_Store'), '');
    await fs.writeFile(path.join(basePath, '.fc-tmp-0123456789abcdef'), 'half-written');
    await fs.writeFile(path.join(basePath, '%41.fcr'), 'not an encoding this storage makes');
    await fs.writeFile(path.join(basePath, '%2E.fcr'), 'would decode to the invalid key "."');
    await fs.mkdir(path.join(basePath, '.git'));
    await fs.writeFile(path.join(basePath, '.git', 'HEAD.fcr'), 'hidden directory');
    expect((await storage.list('')).objects.map((object) => object.key)).toEqual(['kept']);
  });
});
