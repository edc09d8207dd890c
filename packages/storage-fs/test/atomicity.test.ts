import { promises as fs } from 'node:fs';
import path from 'node:path';
import { StorageError } from '@flowcache/core/adapters';
import { FileSystemStorage } from '../src';
import { bytes, strayFiles, walkTree } from './support';
import { temporaryFileSystemStorage } from '../../../test/support/temporaryStorage';

const KIB = 1024;

/** Payload `index`: its own length and its own byte pattern, so that a mix of two payloads equals neither. */
function payload(index: number, size: number): Uint8Array {
  return new Uint8Array(size).map((_unused, offset) => (index * 7 + offset) & 0xff);
}

const isOneOf = (value: Uint8Array | undefined, payloads: readonly Uint8Array[]) =>
  value !== undefined && payloads.some((candidate) => Buffer.from(candidate).equals(Buffer.from(value)));

describe('FileSystemStorage writes', () => {
  let basePath: string;
  let storage: FileSystemStorage;
  let remove: () => Promise<void>;
  beforeEach(async () => ({ basePath, storage, remove } = await temporaryFileSystemStorage()));
  afterEach(() => remove());

  it('leaves no temp file behind after puts, creates won and lost, and deletes', async () => {
    await Promise.all([
      storage.put('a/1', bytes('one')),
      storage.put('a/1', bytes('one again')),
      storage.putIfAbsent('a/2', bytes('two')),
      storage.putIfAbsent('a/2', bytes('two again')),
      storage.put('b/3', bytes('three')),
    ]);
    await storage.delete('b/3');
    expect(await strayFiles(basePath)).toEqual([]);
    expect((await walkTree(basePath)).filter((entry) => entry.endsWith('.fcr'))).toHaveLength(2);
  });

  it('leaves no temp file behind when the rename fails', async () => {
    // A directory where the object file should be: the temp file is written, the rename over it fails.
    await fs.mkdir(path.join(basePath, 'blocked.fcr', 'inner'), { recursive: true });
    await expect(storage.put('blocked', bytes('never stored'))).rejects.toThrow(StorageError);
    expect(await strayFiles(basePath)).toEqual([]);
  });

  it('leaves no temp file behind when writing the bytes fails', async () => {
    const notBytes = 42 as unknown as Uint8Array;
    await expect(storage.put('key', notBytes)).rejects.toThrow(StorageError);
    await expect(storage.putIfAbsent('key', notBytes)).rejects.toThrow(StorageError);
    expect(await strayFiles(basePath)).toEqual([]);
    expect(await storage.get('key')).toBeUndefined();
  });

  it('keeps exactly one of 50 concurrent replacing writes, whole', async () => {
    for (let round = 0; round < 3; round++) {
      const payloads = Array.from({ length: 50 }, (_unused, index) =>
        payload(round * 50 + index, 256 * KIB + index * 97),
      );
      await Promise.all(payloads.map((value) => storage.put('contended', value)));
      const stored = await storage.get('contended');
      expect(isOneOf(stored, payloads)).toBe(true);
      expect((await storage.stat('contended'))?.size).toBe(stored!.byteLength);
    }
    expect(await strayFiles(basePath)).toEqual([]);
  });

  const yieldToIo = () => new Promise((resolve) => setImmediate(resolve));

  it('never shows a reader a torn value while the key is replaced again and again', async () => {
    const payloads = [payload(1, 700 * KIB), payload(2, 64 * KIB), payload(3, 300 * KIB), payload(4, 1)];
    await storage.put('hot', payloads[0]);
    let writing = true;
    const writer = (async () => {
      try {
        for (let index = 0; index < 60; index++) await storage.put('hot', payloads[index % payloads.length]);
      } finally {
        writing = false;
      }
    })();
    const reader = async () => {
      const torn: number[] = [];
      let reads = 0;
      while (writing) {
        await yieldToIo(); // small files are read synchronously: give the writer its turn
        const value = await storage.get('hot');
        if (!isOneOf(value, payloads)) torn.push(value?.byteLength ?? -1);
        const head = await storage.getRange('hot', 4 * KIB);
        if (
          !isOneOf(
            head,
            payloads.map((value) => value.subarray(0, 4 * KIB)),
          )
        )
          torn.push(head?.byteLength ?? -1);
        reads++;
      }
      return { torn, reads };
    };
    const results = await Promise.all([reader(), reader(), reader(), reader()]);
    await writer;
    expect(results.flatMap((result) => result.torn)).toEqual([]);
    expect(results.every((result) => result.reads > 0)).toBe(true);
  });

  it('lets exactly one of 10 concurrent creators win, and readers see nothing or the winner, whole', async () => {
    const payloads = Array.from({ length: 10 }, (_unused, index) => payload(index, 512 * KIB + index));
    const seen: (Uint8Array | undefined)[] = [];
    let creating = true;
    const reader = (async () => {
      while (creating) {
        await yieldToIo(); // a missing or small file is read synchronously: give the creators their turn
        seen.push(await storage.get('created'));
      }
    })();
    const outcomes = await Promise.all(payloads.map((value) => storage.putIfAbsent('created', value)));
    creating = false;
    await reader;
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    const winner = payloads[outcomes.indexOf(true)];
    expect(isOneOf(await storage.get('created'), [winner])).toBe(true);
    expect(seen.every((value) => value === undefined || isOneOf(value, [winner]))).toBe(true);
    expect(await strayFiles(basePath)).toEqual([]);
  });

  it('with fsync: true, stores, creates, replaces, lists and deletes the same way', async () => {
    const synced = new FileSystemStorage({ basePath: path.join(basePath, 'synced', 'store'), fsync: true });
    await synced.put('new/directories/record', bytes('first'));
    expect(await synced.putIfAbsent('new/directories/record', bytes('second'))).toBe(false);
    expect(await synced.putIfAbsent('new/other', bytes('other'))).toBe(true);
    await synced.put('new/directories/record', bytes('replaced'));
    expect(Buffer.from((await synced.get('new/directories/record'))!).toString()).toBe('replaced');
    expect((await synced.list('new/')).objects.map((object) => object.key)).toEqual([
      'new/directories/record',
      'new/other',
    ]);
    expect(await synced.delete('new/other')).toBe(true);
    expect(await synced.get('new/other')).toBeUndefined();
    expect(await strayFiles(basePath)).toEqual([]);
  });
});
