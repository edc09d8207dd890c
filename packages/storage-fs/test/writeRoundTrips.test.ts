import nodeFs, {
  existsSync,
  fstatSync,
  mkdirSync,
  promises as fs,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
} from 'node:fs';
import path from 'node:path';
import { temporaryFileSystemStorage } from '../../../test/support/temporaryStorage';
import { FileSystemStorage } from '../src';
import { descriptorPathsAvailable } from '../src/descriptorPath';
import { MAX_OPEN_DIRECTORIES } from '../src/OpenDirectories';
import { bytes, text } from './support';

const itOnLinux = descriptorPathsAvailable() ? it : it.skip;

/** The directories at or below `directory` this process has open now. */
function directoriesOpenBelow(directory: string): string[] {
  const open: string[] = [];
  for (const name of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${name}`);
      const below = target === directory || target.startsWith(directory + path.sep);
      if (below && fstatSync(Number(name)).isDirectory()) open.push(target);
    } catch {
      // closed meanwhile (the descriptor of the listing itself)
    }
  }
  return open;
}

/** Lets the event loop turn once: what a storage does once idle happens here. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

const isDirectoryOpen = (flags: unknown) =>
  typeof flags === 'number' && (flags & (nodeFs.constants.O_DIRECTORY ?? 0)) !== 0;

describe('FileSystemStorage writes in a burst', () => {
  let basePath: string;
  let storage: FileSystemStorage;
  let remove: () => Promise<void>;
  beforeEach(async () => ({ basePath, storage, remove } = await temporaryFileSystemStorage()));
  afterEach(async () => {
    jest.restoreAllMocks();
    await remove();
  });

  itOnLinux('cost what an atomic write costs: no real path resolved, the directory opened once', async () => {
    // The asynchronous path (small writes in a known directory take the synchronous one: see syncWrites.test.ts).
    storage = new FileSystemStorage({ basePath, syncWriteMaxBytes: 0 });
    await storage.put('team/first', bytes('makes the directory'));
    await nextTurn();
    const realpath = jest.spyOn(fs, 'realpath');
    const readlink = jest.spyOn(fs, 'readlink');
    const promisedOpen = jest.spyOn(fs, 'open');
    const rename = jest.spyOn(fs, 'rename');
    const callbackOpen = jest.spyOn(nodeFs, 'open');

    for (let index = 0; index < 20; index++) await storage.put(`team/${index}`, bytes(`value ${index}`));

    const directoryOpens = [...promisedOpen.mock.calls, ...callbackOpen.mock.calls].filter(([, flags]) =>
      isDirectoryOpen(flags),
    );
    expect(directoryOpens).toHaveLength(1);
    expect(promisedOpen.mock.calls.filter(([, flags]) => !isDirectoryOpen(flags))).toHaveLength(20); // temp files
    expect(rename).toHaveBeenCalledTimes(20);
    expect(realpath).not.toHaveBeenCalled();
    expect(readlink).not.toHaveBeenCalled(); // descriptors are checked without a thread-pool round trip
    expect(text(await storage.get('team/19'))).toBe('value 19');
  });

  itOnLinux('with fsync, flush each file and its directory through the descriptor already open', async () => {
    const durable = new FileSystemStorage({ basePath, fsync: true });
    await durable.put('team/first', bytes('makes the directory'));
    await nextTurn();
    const probe = await fs.open(path.join(basePath, 'team', 'first.fcr'), 'r');
    const fileHandle = Object.getPrototypeOf(probe) as { sync(): Promise<void> };
    await probe.close();
    const handleSyncs = jest.spyOn(fileHandle, 'sync');
    const descriptorSyncs = jest.spyOn(nodeFs, 'fsync');
    const promisedOpen = jest.spyOn(fs, 'open');
    const callbackOpen = jest.spyOn(nodeFs, 'open');

    for (let index = 0; index < 20; index++) await durable.put(`team/${index}`, bytes(`value ${index}`));

    expect(handleSyncs).toHaveBeenCalledTimes(20); // each temp file, before its rename
    expect(descriptorSyncs).toHaveBeenCalledTimes(20); // the directory, after each rename
    expect(callbackOpen).toHaveBeenCalledTimes(1); // the directory, once
    expect(promisedOpen).toHaveBeenCalledTimes(20); // the temp files only
    expect(text(await durable.get('team/19'))).toBe('value 19');
  });

  itOnLinux(`keep at most ${MAX_OPEN_DIRECTORIES} directories open, and none once idle`, async () => {
    const keys = Array.from({ length: MAX_OPEN_DIRECTORIES * 2 }, (_, index) => `dir${index}/key`);
    for (const key of keys) mkdirSync(path.join(basePath, path.dirname(key)));
    await Promise.all(keys.map((key) => storage.put(key, bytes('value'))));
    // Kept for the next operations: at most the limit (a directory in use stays open until its operation ends).
    const kept = directoriesOpenBelow(basePath).length;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(MAX_OPEN_DIRECTORIES);
    await nextTurn();
    expect(directoriesOpenBelow(basePath)).toEqual([]);
    for (const key of keys) expect(text(await storage.get(key))).toBe('value');
  });

  it('write where the key says after their directory was moved, removed or emptied, or the store removed', async () => {
    // Synchronous changes between awaited puts: no turn of the event loop lets an idle storage close its directories.
    await storage.put('team/a', bytes('a'));
    renameSync(path.join(basePath, 'team'), path.join(basePath, 'moved'));
    await storage.put('team/b', bytes('b'));
    expect(existsSync(path.join(basePath, 'team', 'b.fcr'))).toBe(true);
    expect(existsSync(path.join(basePath, 'moved', 'b.fcr'))).toBe(false);

    rmSync(path.join(basePath, 'team'), { recursive: true });
    await storage.put('team/c', bytes('c'));
    expect(text(await storage.get('team/c'))).toBe('c');

    rmSync(basePath, { recursive: true });
    await storage.put('team/d', bytes('d'));
    await storage.put('top', bytes('top'));
    expect(text(await storage.get('team/d'))).toBe('d');
    expect(text(await storage.get('top'))).toBe('top');
    expect(await storage.get('team/c')).toBeUndefined();

    await storage.delete('team/d');
    expect(existsSync(path.join(basePath, 'team'))).toBe(false);
    await storage.put('team/e', bytes('e'));
    expect(text(await storage.get('team/e'))).toBe('e');
  });
});
