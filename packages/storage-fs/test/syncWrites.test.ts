/**
 * A persisted miss writes its record synchronously when it is at most `syncWriteMaxBytes` (256 KiB by default),
 * `fsync` is off and its directory was written to before: its `put` settles without waiting for the thread pool,
 * with every guarantee of the asynchronous path (atomic, inside the store, no temp file left). Otherwise, and
 * always with `syncWriteMaxBytes: 0` (network file systems) or `fsync: true`, writes are asynchronous.
 */
import nodeFs, { existsSync, mkdirSync, promises as fs, renameSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { ConfigurationError, StorageError } from '@flowcache/core/adapters';
import { FileSystemStorage } from '../src';
import { descriptorPathsAvailable } from '../src/descriptorPath';
import { bytes, makeTemporaryDirectory, removeDirectory, strayFiles, text, walkTree } from './support';

const KIB = 1024;
const itOnLinux = descriptorPathsAvailable() ? it : it.skip;

/**
 * Whether `operation` settles within a few microtask turns: a synchronous write does, while an asynchronous one
 * needs the event loop to run the thread pool's callbacks first, which no microtask turn does.
 */
async function settlesAtOnce(operation: Promise<unknown>): Promise<boolean> {
  let settled = false;
  const observed = operation.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  for (let turn = 0; turn < 10; turn++) await Promise.resolve();
  const atOnce = settled;
  await observed;
  return atOnce;
}

async function rejectionOf(operation: Promise<unknown>): Promise<Error> {
  try {
    await operation;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

const failure = (code: string) => Object.assign(new Error(`${code}: simulated`), { code });

let root: string;
let basePath: string;
let storage: FileSystemStorage;

beforeEach(async () => {
  root = await makeTemporaryDirectory('storage-fs-sync-writes');
  basePath = path.join(root, 'store');
  storage = new FileSystemStorage({ basePath });
});

afterEach(async () => {
  jest.restoreAllMocks();
  await removeDirectory(root);
});

describe('FileSystemStorage small writes', () => {
  it('are written at once in a directory written to before, and read back', async () => {
    expect(await settlesAtOnce(storage.put('team/first', bytes('prepares the directory')))).toBe(false);

    expect(await settlesAtOnce(storage.put('team/second', bytes('second')))).toBe(true);
    expect(await settlesAtOnce(storage.put('team/second', bytes('replaced')))).toBe(true);
    expect(await settlesAtOnce(storage.putIfAbsent('team/third', bytes('third')))).toBe(true);
    expect(await settlesAtOnce(storage.put('team/limit', new Uint8Array(256 * KIB).fill(3)))).toBe(true);

    expect(text(await storage.get('team/second'))).toBe('replaced');
    expect(text(await storage.get('team/third'))).toBe('third');
    expect((await storage.get('team/limit'))?.byteLength).toBe(256 * KIB);
    expect(await new FileSystemStorage({ basePath, syncReadMaxBytes: 0 }).get('team/second')).toEqual(
      bytes('replaced'),
    );
    expect(await strayFiles(basePath)).toEqual([]);
  });

  it('are asynchronous when larger than syncWriteMaxBytes, with syncWriteMaxBytes 0, and with fsync', async () => {
    await storage.put('team/first', bytes('prepares the directory'));
    const networkLike = new FileSystemStorage({ basePath, syncWriteMaxBytes: 0 });
    const durable = new FileSystemStorage({ basePath, fsync: true });
    const small = new FileSystemStorage({ basePath, syncWriteMaxBytes: 10 });
    for (const each of [networkLike, durable, small]) await each.put('team/first', bytes('prepares the directory'));

    expect(await settlesAtOnce(storage.put('team/larger', new Uint8Array(256 * KIB + 1)))).toBe(false);
    expect(await settlesAtOnce(networkLike.put('team/a', bytes('a')))).toBe(false);
    expect(await settlesAtOnce(networkLike.putIfAbsent('team/b', bytes('b')))).toBe(false);
    expect(await settlesAtOnce(durable.put('team/c', bytes('c')))).toBe(false);
    expect(await settlesAtOnce(durable.putIfAbsent('team/d', bytes('d')))).toBe(false);
    expect(await settlesAtOnce(small.put('team/e', bytes('11 bytes...')))).toBe(false);
    expect(await settlesAtOnce(small.put('team/f', bytes('10 bytes..')))).toBe(true);

    for (const key of ['a', 'b', 'c', 'd', 'f']) expect(await storage.get(`team/${key}`)).toBeDefined();
  });

  it('let exactly one of many creators win, written at once or not', async () => {
    await storage.put('team/first', bytes('prepares the directory'));
    const asynchronous = new FileSystemStorage({ basePath, syncWriteMaxBytes: 0 });
    const writeSync = jest.spyOn(nodeFs, 'writeSync');
    const creators = Array.from({ length: 10 }, (_, index) =>
      (index % 2 === 0 ? storage : asynchronous).putIfAbsent('team/created', bytes(`creator ${index}`)),
    );
    const won = await Promise.all(creators);

    expect(writeSync).toHaveBeenCalledTimes(5); // the synchronous creators wrote their temp files
    expect(won.filter(Boolean)).toHaveLength(1);
    expect(text(await storage.get('team/created'))).toBe(`creator ${won.indexOf(true)}`);
    expect(await storage.putIfAbsent('team/created', bytes('too late'))).toBe(false);
    expect(await strayFiles(basePath)).toEqual([]);
  });

  it('land where the key says after the directory was moved or removed meanwhile', async () => {
    // Synchronous changes between awaited puts: the storage still takes the directory for known.
    await storage.put('team/a', bytes('a'));
    renameSync(path.join(basePath, 'team'), path.join(basePath, 'moved'));
    await storage.put('team/b', bytes('b'));
    expect(existsSync(path.join(basePath, 'team', 'b.fcr'))).toBe(true);
    expect(existsSync(path.join(basePath, 'moved', 'b.fcr'))).toBe(false);

    rmSync(path.join(basePath, 'team'), { recursive: true });
    expect(await storage.putIfAbsent('team/c', bytes('c'))).toBe(true);
    expect(text(await storage.get('team/c'))).toBe('c');

    rmSync(basePath, { recursive: true });
    await storage.put('team/d', bytes('d'));
    expect(text(await storage.get('team/d'))).toBe('d');
    expect(await strayFiles(basePath)).toEqual([]);
  });

  it('write nothing outside through a symbolic link planted as their directory', async () => {
    const outside = path.join(root, 'outside');
    mkdirSync(outside);
    await storage.put('team/a', bytes('a'));
    rmSync(path.join(basePath, 'team'), { recursive: true });
    symlinkSync(outside, path.join(basePath, 'team'));

    for (const operation of [
      () => storage.put('team/b', bytes('would land outside')),
      () => storage.putIfAbsent('team/c', bytes('would land outside')),
    ]) {
      const written = operation();
      expect(await settlesAtOnce(written)).toBe(true); // refused on the synchronous path
      const error = await rejectionOf(written);
      expect(error).toBeInstanceOf(StorageError);
      expect(error.message).toMatch(/ leads to .*outside.*, outside the storage directory .*store/);
    }
    expect(await walkTree(outside)).toEqual([]);
  });

  itOnLinux('write nothing outside when the directory is swapped for a link while the bytes are written', async () => {
    const outside = path.join(root, 'outside');
    mkdirSync(outside);
    await storage.put('team/a', bytes('a'));
    const team = path.join(basePath, 'team');
    const writeSync = nodeFs.writeSync;
    jest.spyOn(nodeFs, 'writeSync').mockImplementationOnce((...args: Parameters<typeof writeSync>) => {
      renameSync(team, path.join(basePath, 'moved'));
      symlinkSync(outside, team);
      return writeSync(...args);
    });

    await storage.put('team/b', bytes('b'));

    expect(await walkTree(outside)).toEqual([]);
    // Renamed within the directory it was created in, wherever that directory went: still inside the store.
    expect(existsSync(path.join(basePath, 'moved', 'b.fcr'))).toBe(true);
    expect(await strayFiles(basePath)).toEqual([]);
  });

  it('leave no temp file behind when writing the bytes fails, and report it as an asynchronous write', async () => {
    await storage.put('team/a', bytes('a'));
    const writeSync = jest.spyOn(nodeFs, 'writeSync').mockImplementation(() => {
      throw failure('ENOSPC');
    });

    const writes = [() => storage.put('team/b', bytes('b')), () => storage.putIfAbsent('team/c', bytes('c'))];
    for (const operation of writes) {
      const error = await rejectionOf(operation());
      expect(error).toBeInstanceOf(StorageError);
      expect(error).toMatchObject({ key: expect.stringMatching(/^team\/[bc]$/), cause: { code: 'ENOSPC' } });
      expect(error.message).toContain(storage.location);
    }
    expect(writeSync).toHaveBeenCalledTimes(2); // the synchronous path failed, and was not retried asynchronously
    expect(await strayFiles(basePath)).toEqual([]);
    expect(await storage.get('team/b')).toBeUndefined();
    expect(await storage.get('team/c')).toBeUndefined();
  });

  it('leave no temp file behind when the rename fails, and name the usual path', async () => {
    await storage.put('team/a', bytes('a'));
    // A directory where the object file should be: the temp file is written, the rename over it fails.
    await fs.mkdir(path.join(basePath, 'team', 'blocked.fcr', 'inner'), { recursive: true });
    const renameSync = jest.spyOn(nodeFs, 'renameSync');

    const error = await rejectionOf(storage.put('team/blocked', bytes('never stored')));

    expect(error).toBeInstanceOf(StorageError);
    expect(String((error as StorageError & { cause: Error }).cause.message)).toContain(
      path.join(basePath, 'team', 'blocked.fcr'),
    );
    expect(renameSync).toHaveBeenCalledTimes(1); // on the synchronous path
    expect(error.message).not.toContain('/proc/self/fd');
    expect(await strayFiles(basePath)).toEqual([]);
  });
});

describe('syncWriteMaxBytes', () => {
  it.each([-1, 1.5, Number.NaN, '1024'])('refuses %p, naming the option', (value) => {
    expect(() => new FileSystemStorage({ basePath, syncWriteMaxBytes: value as number })).toThrow(
      new ConfigurationError(
        `FileSystemStorage option syncWriteMaxBytes must be a whole number of bytes, 0 or more (0 turns it off), ` +
          `got ${String(value)}`,
      ),
    );
  });
});
