import { promises as fs } from 'node:fs';
import path from 'node:path';
import { ConfigurationError, guardStorage, StorageError } from '@flowcache/core/adapters';
import { FileSystemStorage, type FileSystemStorageOptions } from '../src';
import { isTransientFileError } from '../src/fileErrors';
import { bytes, makeTemporaryDirectory, removeDirectory } from './support';

/** The error a promise rejects with, to inspect more than its class. */
async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('FileSystemStorage failures', () => {
  let root: string;
  beforeEach(async () => {
    root = await makeTemporaryDirectory('storage-fs');
  });
  afterEach(() => removeDirectory(root));

  // Tests run as root, where chmod denies nothing; a base path below a regular file fails for every user.
  describe('when the base path cannot be created', () => {
    let basePath: string;
    let storage: FileSystemStorage;
    beforeEach(async () => {
      await fs.writeFile(path.join(root, 'file.txt'), 'a file, not a directory');
      basePath = path.join(root, 'file.txt', 'store');
      storage = new FileSystemStorage({ basePath });
    });

    it.each(['put', 'putIfAbsent'] as const)(
      '%s throws a StorageError naming the operation, key and path',
      async (operation) => {
        const error = await rejectionOf(storage[operation]('reports/today', bytes('x')));
        expect(error).toBeInstanceOf(StorageError);
        expect(error).toMatchObject({ operation, key: 'reports/today', location: storage.location, transient: false });
        expect((error as StorageError).message).toContain(`${operation} "reports/today"`);
        expect((error as StorageError).message).toContain(path.join(root, 'file.txt'));
        expect((error as StorageError).cause).toMatchObject({ code: expect.stringMatching(/^(ENOTDIR|EEXIST)$/) });
      },
    );

    it('reads nothing there rather than failing', async () => {
      expect(await storage.get('reports/today')).toBeUndefined();
      expect(await storage.getRange('reports/today', 8)).toBeUndefined();
      expect(await storage.stat('reports/today')).toBeUndefined();
      expect(await storage.delete('reports/today')).toBe(false);
      expect(await storage.list('reports/')).toEqual({ objects: [], cursor: undefined });
    });
  });

  describe('when something else occupies an object path', () => {
    let storage: FileSystemStorage;
    beforeEach(async () => {
      await fs.mkdir(path.join(root, 'occupied.fcr', 'inner'), { recursive: true });
      storage = new FileSystemStorage({ basePath: root });
    });

    it.each([
      ['get', (storage: FileSystemStorage) => storage.get('occupied')],
      ['getRange', (storage: FileSystemStorage) => storage.getRange('occupied', 4)],
      ['stat', (storage: FileSystemStorage) => storage.stat('occupied')],
      ['delete', (storage: FileSystemStorage) => storage.delete('occupied')],
      ['put', (storage: FileSystemStorage) => storage.put('occupied', bytes('x'))],
    ])('%s throws a StorageError naming the operation, key and path', async (operation, run) => {
      const error = await rejectionOf(run(storage));
      expect(error).toBeInstanceOf(StorageError);
      expect(error).toMatchObject({ operation, key: 'occupied' });
      expect((error as StorageError).message).toContain(path.join(root, 'occupied.fcr'));
    });

    it('putIfAbsent reports the key as taken', async () => {
      expect(await storage.putIfAbsent('occupied', bytes('x'))).toBe(false);
    });
  });

  it.each([
    ['no options', undefined],
    ['no base path', {}],
    ['an empty base path', { basePath: '' }],
    ['a base path that is not a string', { basePath: 42 }],
    ['an fsync that is not a boolean', { basePath: '/tmp/store', fsync: 'yes' }],
    ['an unknown option', { basePath: '/tmp/store', basepath: '/tmp/other' }],
    ['no room for any file operation', { basePath: '/tmp/store', maxConcurrentFileOperations: 0 }],
    ['a fractional file operation cap', { basePath: '/tmp/store', maxConcurrentFileOperations: 1.5 }],
    ['a negative synchronous write size', { basePath: '/tmp/store', syncWriteMaxBytes: -1 }],
    ['a synchronous write size that is no number', { basePath: '/tmp/store', syncWriteMaxBytes: '1024' }],
  ])('refuses %s with a ConfigurationError', (_label, options) => {
    expect(() => new FileSystemStorage(options as unknown as FileSystemStorageOptions)).toThrow(ConfigurationError);
  });

  it('refuses a range length or a page size that is not a count, as core checks them', async () => {
    const storage = guardStorage(new FileSystemStorage({ basePath: root }));
    for (const length of [-1, 1.5, Number.NaN])
      await expect(storage.getRange('key', length)).rejects.toThrow(RangeError);
    for (const limit of [0, -1, 2.5]) await expect(storage.list('', { limit })).rejects.toThrow(RangeError);
  });
});

describe('transient file errors', () => {
  const failure = (code: string) => Object.assign(new Error(code), { code });

  it('are the ones that pass when repeated soon (busy, too many open files, a network file system away)', () => {
    for (const code of ['EAGAIN', 'EBUSY', 'EINTR', 'EMFILE', 'ENFILE', 'ETIMEDOUT', 'ESTALE']) {
      expect(isTransientFileError(failure(code))).toBe(true);
    }
    for (const code of ['ENOSPC', 'EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EIO']) {
      expect(isTransientFileError(failure(code))).toBe(false);
    }
    expect(isTransientFileError(new Error('no code'))).toBe(false);
  });
});
