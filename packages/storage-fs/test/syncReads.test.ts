/**
 * A cache hit reads its file synchronously up to `syncReadMaxBytes` (4 MiB by default): its `get` settles without
 * waiting for the thread pool. Larger objects, and every object with `syncReadMaxBytes: 0` (network file
 * systems), are read asynchronously.
 */
import { FileSystemStorage } from '../src';
import { makeTemporaryDirectory, removeDirectory } from './support';

const MIB = 1024 * 1024;

/**
 * Whether `read` settles within a few microtask turns: a synchronous read does, while an asynchronous one needs
 * the event loop to run the thread pool's callbacks first, which no microtask turn does.
 */
async function settlesAtOnce(read: Promise<Uint8Array | undefined>): Promise<boolean> {
  let settled = false;
  const observed = read.then(() => {
    settled = true;
  });
  for (let turn = 0; turn < 10; turn++) await Promise.resolve();
  const atOnce = settled;
  await observed;
  return atOnce;
}

let basePath: string;

beforeEach(async () => {
  basePath = await makeTemporaryDirectory('storage-fs-sync-reads');
});

afterEach(async () => {
  await removeDirectory(basePath);
});

describe('FileSystemStorage', () => {
  it('reads objects of up to 4 MiB at once by default', async () => {
    const storage = new FileSystemStorage({ basePath });
    await storage.put('rows', new Uint8Array(MIB).fill(7));
    await storage.put('limit', new Uint8Array(4 * MIB).fill(8));

    expect(await settlesAtOnce(storage.get('rows'))).toBe(true);
    expect(await settlesAtOnce(storage.get('limit'))).toBe(true);
    expect((await storage.get('rows'))?.byteLength).toBe(MIB);
  });

  it('reads larger objects, and any object with syncReadMaxBytes 0, asynchronously', async () => {
    const storage = new FileSystemStorage({ basePath });
    await storage.put('larger', new Uint8Array(4 * MIB + 1).fill(9));
    await storage.put('small', new Uint8Array(10).fill(1));
    const networkLike = new FileSystemStorage({ basePath, syncReadMaxBytes: 0 });

    expect(await settlesAtOnce(storage.get('larger'))).toBe(false);
    expect(await settlesAtOnce(networkLike.get('small'))).toBe(false);
    expect((await storage.get('larger'))?.byteLength).toBe(4 * MIB + 1);
  });
});
