import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FileSystemStorage } from '../src';
import { bytes, sortByUtf8, text, walkTree } from './support';
import { temporaryFileSystemStorage } from '../../../test/support/temporaryStorage';

/** Every file and directory under the base path, relative, sorted. */
async function tree(basePath: string): Promise<string[]> {
  return (await walkTree(basePath)).map((entry) => path.relative(basePath, entry)).sort();
}

async function listAll(storage: FileSystemStorage, prefix: string, limit: number): Promise<string[]> {
  const keys: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await storage.list(prefix, { limit, ...(cursor === undefined ? {} : { cursor }) });
    expect(page.foreign).toBeUndefined();
    keys.push(...page.objects.map((object) => object.key));
    cursor = page.cursor;
  } while (cursor !== undefined);
  return keys;
}

// Valid segments (at most 200 bytes) whose escaped names, with `.fcr`, pass the 255-byte limit of a file name.
const PERCENTS = '%'.repeat(200); // 600 bytes escaped
const SIXTY_PERCENTS = '%'.repeat(60) + 'x'.repeat(80); // 260 bytes escaped
const MULTI_BYTE = `%${'日本'.repeat(33)}`; // 199 bytes, 201 escaped: fits as a directory, not as an object (205)
const LONG_KEYS = [
  `long/${PERCENTS}`,
  `long/${PERCENTS}/inner`,
  `long/${PERCENTS}/${SIXTY_PERCENTS}`,
  `long/${SIXTY_PERCENTS}`,
  `long/${MULTI_BYTE}`,
  `long/${MULTI_BYTE}/under`,
  `${SIXTY_PERCENTS}/${SIXTY_PERCENTS}/${SIXTY_PERCENTS}`,
];
const SHORT_KEYS = ['long/%', 'long/%%/a', 'long/a', 'long/日本', 'long/~', 'short'];

describe('FileSystemStorage with key segments too long for a file name once escaped', () => {
  let basePath: string;
  let storage: FileSystemStorage;
  let remove: () => Promise<void>;
  beforeEach(async () => ({ basePath, storage, remove } = await temporaryFileSystemStorage()));
  afterEach(() => remove());

  it('stores, lists in key order, reads and deletes them, mixed with short keys sharing their prefixes', async () => {
    const keys = [...LONG_KEYS, ...SHORT_KEYS];
    for (const key of keys) await storage.put(key, bytes(`value of ${key}`));
    for (const key of keys) expect(text(await storage.get(key))).toBe(`value of ${key}`);
    for (const key of keys) expect((await storage.stat(key))?.size).toBe(Buffer.byteLength(`value of ${key}`));
    for (const key of keys) expect(text(await storage.getRange(key, 8))).toBe('value of');

    const inOrder = sortByUtf8(keys);
    expect(await listAll(storage, '', 1000)).toEqual(inOrder);
    expect(await listAll(storage, '', 1)).toEqual(inOrder);
    expect(await listAll(storage, '', 3)).toEqual(inOrder);
    expect(await listAll(storage, 'long/', 2)).toEqual(inOrder.filter((key) => key.startsWith('long/')));
    expect(await listAll(storage, `long/${PERCENTS}/`, 1)).toEqual([
      `long/${PERCENTS}/${SIXTY_PERCENTS}`,
      `long/${PERCENTS}/inner`,
    ]);
    expect(await listAll(storage, 'long/%%', 1)).toEqual(inOrder.filter((key) => key.startsWith('long/%%')));

    expect(await storage.putIfAbsent(`long/${PERCENTS}`, bytes('second'))).toBe(false);
    expect(await storage.putIfAbsent(`long/${PERCENTS.slice(1)}x`, bytes('first'))).toBe(true);
    expect(await storage.delete(`long/${PERCENTS.slice(1)}x`)).toBe(true);

    for (const key of keys) expect(await storage.delete(key)).toBe(true);
    expect(await tree(basePath)).toEqual([]);
  });

  it('stores a segment under its hash, with a name file holding the segment, and nothing else', async () => {
    await storage.put(`${PERCENTS}/${PERCENTS}`, bytes('x'));
    const names = await tree(basePath);
    expect(names).toHaveLength(4);
    const [directory, object, nameFile, directoryNameFile] = [
      names.find((name) => !name.includes(path.sep) && !name.startsWith('.')),
      names.find((name) => name.endsWith('.fcr') && !path.basename(name).startsWith('.')),
      names.find((name) => name.includes(path.sep) && path.basename(name).startsWith('.fc-name-')),
      names.find((name) => !name.includes(path.sep) && name.startsWith('.fc-name-')),
    ];
    expect(directory).toMatch(/^%sha256-[0-9a-f]{64}$/);
    expect(object).toBe(path.join(directory!, `${directory}.fcr`));
    expect(nameFile).toBe(path.join(directory!, `.fc-name-${directory}.fcr`));
    expect(directoryNameFile).toBe(`.fc-name-${directory}`);
    expect(await fs.readFile(path.join(basePath, directoryNameFile!), 'utf8')).toBe(PERCENTS);
  });

  it("stores keys of core's greatest length (1024 bytes): hashed segments, or many long names", async () => {
    const hashedAll = [PERCENTS, PERCENTS, PERCENTS, PERCENTS, '%'.repeat(19), PERCENTS].join('/');
    const deep = [...Array.from({ length: 11 }, () => '%'.repeat(84)), '%'.repeat(89)].join('/'); // 252-byte names
    for (const key of [hashedAll, deep]) {
      expect(Buffer.byteLength(key)).toBe(1024);
      await storage.put(key, bytes(key.slice(0, 10)));
      expect(text(await storage.get(key))).toBe(key.slice(0, 10));
    }
    expect(await listAll(storage, '', 1)).toEqual(sortByUtf8([hashedAll, deep]));
    for (const key of [hashedAll, deep]) expect(await storage.delete(key)).toBe(true);
    expect(await tree(basePath)).toEqual([]);
  });

  it('keeps the names of keys that fit, so stores written before read the same', async () => {
    const fits = `${'%'.repeat(62)}${'k'.repeat(65)}`; // 251 bytes escaped: a file name with .fcr fits exactly
    await storage.put(`plain/${'k'.repeat(200)}`, bytes('x'));
    await storage.put(`plain/${fits}`, bytes('y'));
    expect(await tree(basePath)).toEqual(
      [
        'plain',
        path.join('plain', `${'k'.repeat(200)}.fcr`),
        path.join('plain', `${'%25'.repeat(62)}${'k'.repeat(65)}.fcr`),
      ].sort(),
    );
  });

  it('skips and names a hashed entry whose name file is missing or lies about it', async () => {
    await storage.put(`a/${PERCENTS}`, bytes('x'));
    await storage.put(`b/${PERCENTS}`, bytes('y'));
    const [nameA] = (await fs.readdir(path.join(basePath, 'a'))).filter((name) => name.startsWith('.fc-name-'));
    await fs.rm(path.join(basePath, 'a', nameA));
    const [nameB] = (await fs.readdir(path.join(basePath, 'b'))).filter((name) => name.startsWith('.fc-name-'));
    await fs.writeFile(path.join(basePath, 'b', nameB), 'another segment');
    const page = await storage.list('');
    expect(page.objects).toEqual([]);
    expect(page.foreign).toEqual([`a/${nameA.slice('.fc-name-'.length)}`, `b/${nameB.slice('.fc-name-'.length)}`]);
    expect(text(await storage.get(`a/${PERCENTS}`))).toBe('x'); // reading needs no name file
  });
});
