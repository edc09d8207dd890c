/**
 * Streamed writes on a real file system: chunks go into the temp file as they come (one held at a time), a large
 * Buffer result round-trips through the engine as a binary record read into one buffer of the file's size, and a
 * process killed mid-stream leaves the old object, whole.
 */
import 'reflect-metadata';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { Engine, Task } from '@flowcache/core';
import { FileSystemStorage } from '../src';
import { runTypeScript } from '../../../test/support/runTypeScript';
import { RecordingLogger } from '../../../test/support/recordingLogger';
import { STREAMED_CHUNK_BYTES } from './fixtures/streamUntilKilled';
import { makeTemporaryDirectory, removeDirectory, strayFiles } from './support';

const STREAMER = path.join(__dirname, 'fixtures', 'streamUntilKilled.ts');
const MIB = 1024 * 1024;

let basePath: string;
beforeEach(async () => {
  basePath = await makeTemporaryDirectory('streamed');
});
afterEach(() => removeDirectory(basePath));

/** `length` bytes, each one predictable from its index and `seed`. */
function pattern(length: number, seed = 7): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  for (let index = 0; index < length; index++) bytes[index] = (index * 31 + seed) & 0xff;
  return bytes;
}

describe('FileSystemStorage.putStream', () => {
  it('writes each chunk into the temp file before it asks for the next one', async () => {
    const storage = new FileSystemStorage({ basePath });
    const written: number[] = [];
    async function* chunks() {
      for (let index = 0; index < 4; index++) {
        if (index > 0) {
          const [temp] = await strayFiles(basePath);
          written.push((await fs.stat(temp)).size);
        }
        yield pattern(2 * MIB, index);
      }
    }

    await storage.putStream('streamed/object', chunks());

    expect(written).toEqual([2 * MIB, 4 * MIB, 6 * MIB]);
    const stored = Buffer.from((await storage.get('streamed/object'))!);
    expect(stored.equals(Buffer.concat([0, 1, 2, 3].map((index) => pattern(2 * MIB, index))))).toBe(true);
    expect(await strayFiles(basePath)).toEqual([]);
  });

  it('leaves the old object, and no temp file, when the chunks fail midway', async () => {
    const storage = new FileSystemStorage({ basePath });
    await storage.put('streamed/object', Buffer.from('old'));
    async function* failing() {
      yield pattern(MIB);
      throw new Error('the source broke');
    }

    await expect(storage.putStream('streamed/object', failing())).rejects.toThrow('the source broke');

    expect(Buffer.from((await storage.get('streamed/object'))!).toString()).toBe('old');
    expect(await strayFiles(basePath)).toEqual([]);
  });

  it('leaves the old object whole when its process is SIGKILLed mid-stream', async () => {
    const storage = new FileSystemStorage({ basePath });
    const old = pattern(3 * MIB);
    await storage.put('streamed/object', old);
    const readyFile = path.join(path.dirname(basePath), `${path.basename(basePath)}.ready`);
    const exited = runTypeScript(STREAMER, [basePath, 'streamed/object', readyFile]);
    let finished = false;
    void exited.then(() => (finished = true));
    try {
      while (!existsSync(readyFile) && !finished) await new Promise((resolve) => setTimeout(resolve, 10));
      if (finished) throw new Error(`the streamer exited before it was killed: ${JSON.stringify(await exited)}`);
      process.kill(Number(await fs.readFile(readyFile, 'utf8')), 'SIGKILL');
      expect((await exited).code).toBeNull();

      // Midway: its temp file holds the two chunks written, and the key still holds the old object.
      const temps = await strayFiles(basePath);
      expect(await Promise.all(temps.map(async (temp) => (await fs.stat(temp)).size))).toEqual([
        2 * STREAMED_CHUNK_BYTES,
      ]);
      expect(Buffer.from((await storage.get('streamed/object'))!).equals(old)).toBe(true);
      expect((await storage.list('')).objects.map((object) => object.key)).toEqual(['streamed/object']);
    } finally {
      await fs.rm(readyFile, { force: true });
    }
  });
});

describe('a large Buffer result on a FileSystemStorage', () => {
  const SIZE = 96 * MIB + 3;

  class Blobs {
    runs = 0;

    @Task({ cacheKeyFn: () => 'blobs/large' })
    async large(): Promise<Buffer> {
      this.runs++;
      return pattern(SIZE);
    }
  }

  it('round-trips as a binary record, read back as a view of one buffer of the file size', async () => {
    const settings = { maxRecordBytes: 128 * MIB };
    const writer = new Engine({ storage: new FileSystemStorage({ basePath }), settings }).attach(new Blobs());
    await writer.large();

    const storage = new FileSystemStorage({ basePath });
    const stat = (await storage.stat('blobs/large'))!;
    expect((await storage.getRange('blobs/large', 4))![3]).toBe(2);
    const logger = new RecordingLogger();
    const reader = new Engine({ storage, settings, logger }).attach(new Blobs());
    const value = await reader.large();

    expect(reader.runs).toBe(0);
    expect(logger.warnings).toEqual([]);
    expect(Buffer.isBuffer(value)).toBe(true);
    expect(value.equals(pattern(SIZE))).toBe(true);
    expect(value.buffer.byteLength).toBe(stat.size);
    expect(value.byteOffset + value.byteLength).toBe(stat.size);
  });
});
