/**
 * Streamed writes on s3rver: a multipart upload (`@aws-sdk/lib-storage`) with a bounded number of parts in flight,
 * invisible until complete, so a failed or killed upload leaves the old object; a large Buffer result round-trips
 * through the engine as a binary record read into one buffer of the object's size.
 */
import 'reflect-metadata';
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { Engine, Task } from '@flowcache/core';
import { S3Storage } from '../src';
import { UPLOAD_HELD_BYTES, UPLOAD_PART_BYTES, UPLOAD_QUEUE_SIZE, slices } from '../src/uploadChunks';
import { freshPrefix } from '../../../test/support/freshPrefix';
import { RecordingLogger } from '../../../test/support/recordingLogger';
import { runTypeScript } from '../../../test/support/runTypeScript';
import { makeTemporaryDirectory, removeDirectory } from '../../../test/support/temporaryDirectory';
import { recordRequests } from './support/s3rverFixture';
import { useS3rver } from './support/useS3rver';

const UPLOADER = path.join(__dirname, 'fixtures', 'uploadUntilKilled.ts');
const MIB = 1024 * 1024;
const s3 = useS3rver();

/** `length` bytes, each one predictable from its index and `seed`. */
function pattern(length: number, seed = 7): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  for (let index = 0; index < length; index++) bytes[index] = (index * 31 + seed) & 0xff;
  return bytes;
}

function newStorage(prefix = freshPrefix('streamed')) {
  const client = s3.server.createClient();
  return { storage: new S3Storage({ client, bucket: s3.server.bucket, prefix }), client, prefix };
}

describe('S3Storage.putStream', () => {
  it('uploads in parts of 5 MiB, at most 2 at once, and reads back the chunks joined', async () => {
    const { storage, client } = newStorage();
    const requests = recordRequests(client);
    let inFlight = 0;
    let mostInFlight = 0;
    const partSizes: number[] = [];
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName !== 'UploadPartCommand') return next(args);
        partSizes.push(Number((args.request as { headers: Record<string, string> }).headers['content-length']));
        mostInFlight = Math.max(mostInFlight, ++inFlight);
        try {
          return await next(args);
        } finally {
          inFlight--;
        }
      },
      { step: 'finalizeRequest', name: 'partsInFlight' },
    );
    const chunks = [0, 1, 2, 3, 4, 5, 6].map((seed) => pattern(3 * MIB, seed));

    await storage.putStream('streamed/object', chunks);

    expect(requests.commands.filter((command) => command !== 'UploadPart')).toEqual([
      'CreateMultipartUpload',
      'CompleteMultipartUpload',
    ]);
    expect(UPLOAD_PART_BYTES).toBe(5 * MIB);
    expect(partSizes.sort((a, b) => b - a)).toEqual([5, 5, 5, 5, 1].map((size) => size * MIB));
    expect(mostInFlight).toBeLessThanOrEqual(UPLOAD_QUEUE_SIZE);
    expect(Buffer.from((await storage.get('streamed/object'))!).equals(Buffer.concat(chunks))).toBe(true);
  });

  it('holds 18 MiB besides the chunks: it slices them into views, and copies the parts in flight', async () => {
    const chunk = pattern(3 * MIB);
    const views: Uint8Array[] = [];
    for await (const view of slices([chunk], MIB)) views.push(view);

    expect(views.map((view) => view.byteLength)).toEqual([MIB, MIB, MIB]);
    expect(views.every((view) => view.buffer === chunk.buffer)).toBe(true);
    expect(UPLOAD_PART_BYTES * UPLOAD_QUEUE_SIZE).toBeLessThan(UPLOAD_HELD_BYTES);
    expect(UPLOAD_HELD_BYTES).toBeLessThanOrEqual(32 * MIB);
  });

  it('sends what fits in one part as one PutObject', async () => {
    const { storage, client } = newStorage();
    const requests = recordRequests(client);

    await storage.putStream('streamed/small', [Buffer.from('head:'), pattern(MIB)]);

    expect(requests.commands).toEqual(['PutObject']);
    expect((await storage.stat('streamed/small'))?.size).toBe(5 + MIB);
  });

  it('leaves the old object when the chunks fail midway', async () => {
    const { storage } = newStorage();
    await storage.put('streamed/object', Buffer.from('old'));
    async function* failing() {
      yield pattern(9 * MIB);
      throw new Error('the source broke');
    }

    await expect(storage.putStream('streamed/object', failing())).rejects.toThrow('the source broke');

    expect(Buffer.from((await storage.get('streamed/object'))!).toString()).toBe('old');
  });

  it('leaves the old object whole when its process is SIGKILLed after a part was uploaded', async () => {
    const { storage, prefix } = newStorage();
    const old = pattern(3 * MIB);
    await storage.put('streamed/object', old);
    const directory = await makeTemporaryDirectory('upload-kill');
    const readyFile = path.join(directory, 'ready');
    try {
      const args = [s3.server.endpoint, s3.server.bucket, prefix, 'streamed/object', readyFile];
      const exited = runTypeScript(UPLOADER, args);
      let finished = false;
      void exited.then(() => (finished = true));
      while (!existsSync(readyFile) && !finished) await new Promise((resolve) => setTimeout(resolve, 10));
      if (finished) throw new Error(`the uploader exited before it was killed: ${JSON.stringify(await exited)}`);
      process.kill(Number(await fs.readFile(readyFile, 'utf8')), 'SIGKILL');
      expect((await exited).code).toBeNull();

      expect(Buffer.from((await storage.get('streamed/object'))!).equals(old)).toBe(true);
      expect((await storage.list('')).objects.map((object) => object.key)).toEqual(['streamed/object']);
    } finally {
      await removeDirectory(directory);
    }
  });
});

describe('a large Buffer result on an S3Storage', () => {
  const SIZE = 64 * MIB + 3;

  class Blobs {
    runs = 0;

    @Task({ cacheKeyFn: () => 'blobs/large' })
    async large(): Promise<Buffer> {
      this.runs++;
      return pattern(SIZE);
    }
  }

  it('round-trips as a binary record in a multipart upload, read back as a view of one buffer', async () => {
    const settings = { maxRecordBytes: 128 * MIB };
    const { storage, client } = newStorage();
    const requests = recordRequests(client);
    await new Engine({ storage, settings }).attach(new Blobs()).large();
    const parts = Math.ceil((await storage.stat('blobs/large'))!.size / UPLOAD_PART_BYTES);
    expect(requests.commands.filter((command) => command === 'UploadPart')).toHaveLength(parts);
    expect(parts).toBe(13);

    const size = (await storage.stat('blobs/large'))!.size;
    const logger = new RecordingLogger();
    const reader = new Engine({ storage, settings, logger }).attach(new Blobs());
    const value = await reader.large();

    expect(reader.runs).toBe(0);
    expect(logger.warnings).toEqual([]);
    expect(value.equals(pattern(SIZE))).toBe(true);
    expect(value.buffer.byteLength).toBe(size);
    expect(value.byteOffset + value.byteLength).toBe(size);
  });
});
