// Damaged records on real storages (files, and S3 over its protocol): truncated, bit-flipped, from a future
// format version, with a digest that does not match, empty or not a record at all. Each is a miss: the value is
// computed again and returned, one warning names the storage, and the record is overwritten with a sound one.
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { Engine, Task, taskInputHash, type ResultStorage, type TaskRunEvent } from '@flowcache/core';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { S3Storage } from '@flowcache/storage-s3';
import { startS3rver, type S3rverFixture } from '../../packages/storage-s3/test/support/s3rverFixture';
import { RecordingLogger } from '../support/recordingLogger';
import { makeTemporaryDirectory, removeDirectory } from '../support/temporaryDirectory';

class Prices {
  runs = 0;

  @Task({ cacheKeyFn: taskInputHash, persistResult: true })
  async quote(symbol: string): Promise<{ symbol: string; cents: number }> {
    this.runs++;
    return { symbol, cents: symbol.length * 1000 + 7 };
  }
}

const EXPECTED = { symbol: 'ACME', cents: 4007 };

/** The record layout: `FCR`, format version byte, metadata length (u32 BE), metadata JSON, payload. */
const METADATA_START = 8;
const metadataLength = (record: Buffer) => record.readUInt32BE(4);

/** Ways a record gets damaged, each turning the sound bytes into the damaged ones. */
const DAMAGE: Record<string, (record: Buffer) => Buffer> = {
  'truncated in its payload': (record) => record.subarray(0, record.length - 3),
  'truncated in its metadata': (record) => record.subarray(0, METADATA_START + 10),
  'bit-flipped in its payload': (record) => flipBit(record, record.length - 2),
  'bit-flipped in its metadata': (record) => flipBit(record, METADATA_START + Math.floor(metadataLength(record) / 2)),
  'from a future format version': (record) =>
    Buffer.concat([record.subarray(0, 3), Buffer.from([9]), record.subarray(4)]),
  'with a digest that does not match': (record) =>
    withMetadata(record, (metadata) => ({
      ...metadata,
      digest: createHash('sha256').update('another record').digest('hex'),
    })),
  'with an altered expiry and its old digest': (record) =>
    withMetadata(record, (metadata) => ({
      ...metadata,
      expiresAt: '2999-01-01T00:00:00.000Z',
    })),
  empty: () => Buffer.alloc(0),
  'not a record at all': () => Buffer.from('<html>502 Bad Gateway</html>'),
};

function flipBit(record: Buffer, offset: number): Buffer {
  const damaged = Buffer.from(record);
  damaged[offset] ^= 0b0001_0000;
  return damaged;
}

/** The record with its metadata replaced, its length field updated, digest and payload kept. */
function withMetadata(record: Buffer, change: (metadata: Record<string, unknown>) => Record<string, unknown>): Buffer {
  const length = metadataLength(record);
  const metadata = JSON.parse(record.subarray(METADATA_START, METADATA_START + length).toString('utf8'));
  const header = Buffer.from(JSON.stringify(change(metadata)), 'utf8');
  const prefix = Buffer.from(record.subarray(0, METADATA_START));
  prefix.writeUInt32BE(header.length, 4);
  return Buffer.concat([prefix, header, record.subarray(METADATA_START + length)]);
}

/** The keys of records (the run history left out: none here, as no flow runs). */
async function onlyKey(storage: ResultStorage): Promise<string> {
  const { objects } = await storage.list('');
  expect(objects).toHaveLength(1);
  return objects[0].key;
}

function newProcess(storage: ResultStorage) {
  const logger = new RecordingLogger();
  const engine = new Engine({ storage, logger });
  const events: TaskRunEvent[] = [];
  engine.onTaskRun((event) => events.push(event));
  return { prices: engine.attach(new Prices()), logger, events };
}

describe.each([
  ['files', 'file'],
  ['S3', 's3'],
] as const)('records damaged in %s storage', (_name, kind) => {
  let s3: S3rverFixture | undefined;
  let directory: string;
  let storage: ResultStorage;
  let test = 0;

  beforeAll(async () => {
    if (kind === 's3') s3 = await startS3rver({ bucket: 'flowcache-corrupt' });
  });
  afterAll(async () => s3?.close());
  beforeEach(async () => {
    test++;
    directory = await makeTemporaryDirectory('corrupt');
    storage =
      s3 === undefined
        ? new FileSystemStorage({ basePath: directory })
        : new S3Storage({ client: s3.createClient(), bucket: s3.bucket, prefix: `corrupt-${test}` });
  });
  afterEach(() => removeDirectory(directory));

  it.each(Object.keys(DAMAGE))('%s: recomputed, warned about once, overwritten', async (damage) => {
    await expect(newProcess(storage).prices.quote('ACME')).resolves.toEqual(EXPECTED);
    const key = await onlyKey(storage);
    const sound = Buffer.from((await storage.get(key))!);
    const damaged = DAMAGE[damage](sound);
    await storage.put(key, damaged);

    // A new process: the damaged record is a miss; the value is right; one warning, however often it is asked.
    const reader = newProcess(storage);
    await expect(reader.prices.quote('ACME')).resolves.toEqual(EXPECTED);
    await expect(reader.prices.quote('ACME')).resolves.toEqual(EXPECTED);
    expect(reader.prices.runs).toBe(1);
    expect(reader.events[0]).toMatchObject({ state: 'Completed', cacheMiss: { reason: 'unreadable' } });
    expect(reader.logger.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Prices\\.quote recomputes and overwrites a stored result in ${escapeRegExp(storage.location)}: .*`,
        ),
      ),
    ]);

    // Overwritten: the next process reads a sound record, without warnings.
    expect(Buffer.from((await storage.get(key))!).equals(damaged)).toBe(false);
    const next = newProcess(storage);
    await expect(next.prices.quote('ACME')).resolves.toEqual(EXPECTED);
    expect(next.prices.runs).toBe(0);
    expect(next.events[0].state).toBe('Cached');
    expect(next.logger.warnings).toEqual([]);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
