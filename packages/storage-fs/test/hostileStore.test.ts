import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ObjectTooLargeError, StorageError } from '@flowcache/core/adapters';
import { FileSystemStorage } from '../src';
import { bytes, makeTemporaryDirectory, removeDirectory, text, walkTree } from './support';

/** Every file below `directory`, relative, with its content: to show that nothing there changed. */
async function snapshot(directory: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await walkTree(directory)) {
    if ((await fs.lstat(entry)).isFile()) files[path.relative(directory, entry)] = await fs.readFile(entry, 'utf8');
  }
  return files;
}

async function rejectionOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('FileSystemStorage in a store others can write to', () => {
  let root: string;
  let basePath: string;
  let outside: string;
  let storage: FileSystemStorage;
  let outsideBefore: Record<string, string>;
  beforeEach(async () => {
    root = await makeTemporaryDirectory('storage-fs');
    basePath = path.join(root, 'store');
    outside = path.join(root, 'outside');
    await fs.mkdir(path.join(outside, 'nested'), { recursive: true });
    await fs.writeFile(path.join(outside, 'secret.fcr'), 'outside the store');
    await fs.writeFile(path.join(outside, 'nested', 'deep.fcr'), 'deeper outside');
    outsideBefore = await snapshot(outside);
    storage = new FileSystemStorage({ basePath });
    await storage.put('kept', bytes('inside'));
  });
  afterEach(() => removeDirectory(root));

  describe('with a directory inside it linked to a directory outside (base/team -> outside)', () => {
    beforeEach(() => fs.symlink(outside, path.join(basePath, 'team')));

    it('writes, reads, deletes and lists nothing outside', async () => {
      for (const operation of [
        () => storage.put('team/new', bytes('would land outside')),
        () => storage.put('team/brand/new', bytes('would create a directory outside')),
        () => storage.putIfAbsent('team/other', bytes('would land outside')),
        () => storage.delete('team/secret'),
        () => storage.delete('team/nested/deep'),
        () => storage.get('team/secret'),
        () => storage.getRange('team/secret', 4),
        () => storage.stat('team/secret'),
      ]) {
        const error = await rejectionOf(operation());
        expect(error).toBeInstanceOf(StorageError);
        expect(error.message).toMatch(
          / leads to .*outside.*, outside the storage directory .*store \(a symbolic link inside the store\?\)/,
        );
      }
      expect(await snapshot(outside)).toEqual(outsideBefore);
      expect((await fs.readdir(outside)).sort()).toEqual(['nested', 'secret.fcr']);

      expect(await storage.list('')).toEqual({
        objects: [expect.objectContaining({ key: 'kept' })],
        cursor: undefined,
        foreign: ['team'],
      });
      expect(await storage.list('team/')).toEqual({ objects: [], cursor: undefined, foreign: ['team'] });
      expect(await storage.list('team/nested/')).toEqual({ objects: [], cursor: undefined, foreign: ['team'] });
    });
  });

  it('does not follow a symbolic link planted as an object file, nor list it', async () => {
    await fs.symlink(path.join(outside, 'secret.fcr'), path.join(basePath, 'leak.fcr'));
    for (const [operation, read] of [
      ['get', () => storage.get('leak')],
      ['getRange', () => storage.getRange('leak', 100)],
      ['stat', () => storage.stat('leak')],
    ] as const) {
      const error = await rejectionOf(read());
      expect(error).toBeInstanceOf(StorageError);
      expect(error.message).toMatch(
        new RegExp(`^${operation} "leak" in .*leak\\.fcr is a symbolic link, not a regular file`),
      );
    }
    expect(await storage.list('')).toEqual({
      objects: [expect.objectContaining({ key: 'kept' })],
      cursor: undefined,
      foreign: ['leak.fcr'],
    });
    // Replacing or deleting the key replaces or removes the link, never what it points to.
    await storage.put('leak', bytes('mine now'));
    expect(text(await storage.get('leak'))).toBe('mine now');
    await storage.delete('leak');
    expect(await snapshot(outside)).toEqual(outsideBefore);
  });

  it('names every entry it skips in a listing, once, on the page whose range holds it', async () => {
    await storage.put('a/1', bytes('1'));
    await storage.put('b/1', bytes('1'));
    await fs.writeFile(path.join(basePath, 'a', 'notes.txt'), 'stray');
    await fs.writeFile(path.join(basePath, '.DS_Store'), '');
    await fs.mkdir(path.join(basePath, '.git'));
    execFileSync('mkfifo', [path.join(basePath, 'b', 'pipe.fcr')]);
    await fs.symlink(outside, path.join(basePath, 'b', 'linked'));
    await fs.writeFile(path.join(basePath, 'b', '.fc-tmp-0123456789abcdef'), 'a write in progress: ours, not foreign');

    const whole = await storage.list('');
    expect(whole.objects.map((object) => object.key)).toEqual(['a/1', 'b/1', 'kept']);
    expect(whole.foreign).toEqual(['.DS_Store', '.git', 'a/notes.txt', 'b/linked', 'b/pipe.fcr']);

    const pages = [];
    let cursor: string | undefined;
    do {
      const page = await storage.list('', { limit: 1, ...(cursor === undefined ? {} : { cursor }) });
      pages.push({ keys: page.objects.map((object) => object.key), foreign: page.foreign ?? [] });
      cursor = page.cursor;
    } while (cursor !== undefined);
    expect(pages).toEqual([
      { keys: ['a/1'], foreign: ['.DS_Store', '.git'] },
      { keys: ['b/1'], foreign: ['a/notes.txt'] },
      { keys: ['kept'], foreign: ['b/linked', 'b/pipe.fcr'] },
    ]);
    expect((await storage.list('b/')).foreign).toEqual(['b/linked', 'b/pipe.fcr']);
  });

  it('refuses an object larger than maxBytes before reading it, on the synchronous and asynchronous path', async () => {
    const large = new Uint8Array(100_000).fill(1);
    await storage.put('large', large);
    await storage.put('small', bytes('small'));
    for (const reader of [storage, new FileSystemStorage({ basePath, syncReadMaxBytes: 0 })]) {
      const error = await rejectionOf(reader.get('large', { maxBytes: 99_999 }));
      expect(error).toBeInstanceOf(ObjectTooLargeError);
      expect(error).toMatchObject({ key: 'large', size: 100_000, maxBytes: 99_999, location: storage.location });
      expect((await reader.get('large', { maxBytes: 100_000 }))?.byteLength).toBe(100_000);
      await expect(reader.get('small', { maxBytes: 4 })).rejects.toThrow(ObjectTooLargeError);
      expect(text(await reader.get('small', { maxBytes: 5 }))).toBe('small');
      expect(await reader.get('absent', { maxBytes: 0 })).toBeUndefined();
    }
  });
});
