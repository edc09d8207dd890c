/**
 * A large Buffer or Uint8Array result is written as a binary record (format 2): its header, then views of the
 * result's own bytes, streamed to the storage (never joined into a second copy), and read back as a view of the
 * bytes the storage read (never decoded into a second copy).
 */
import 'reflect-metadata';
import { Engine, findSerializer, MemoryStorage, Task, type ResultStorage, type Serializer } from '../../src';
import type { GetOptions, ListOptions } from '../../src/storage/ResultStorage';
import { decodeRecord, encodeRecord, readRecordMetadata, type RecordMetadata } from '../../src/records';
import { encodeBinaryRecord } from '../../src/records/resultRecord';
import { BINARY_RECORD_MIN_BYTES } from '../../src/serializers/binaryResults';
import { RecordingLogger } from '../support';
import { requiredMembersOnly } from '../../../../test/support/requiredMembersOnly';

const KEY = 'binary/result';
const SIZE = 3 * 1024 * 1024 + 5;

/** `length` bytes, each one predictable from its index. */
function pattern(length: number): Buffer {
  const bytes = Buffer.allocUnsafe(length);
  for (let index = 0; index < length; index++) bytes[index] = (index * 31 + 7) & 0xff;
  return bytes;
}

/**
 * A storage adapter over a MemoryStorage that keeps what it was handed and what it read: the chunks of each
 * `putStream` as given (not copied), the bytes of each `put`, and the last bytes `get` returned.
 */
class RecordingStorage implements ResultStorage {
  readonly location = 'memory://recording';
  readonly streamed: Uint8Array[][] = [];
  readonly puts: Uint8Array[] = [];
  lastRead: Uint8Array | undefined;
  readonly inner = new MemoryStorage();

  async get(key: string, options?: GetOptions) {
    this.lastRead = await this.inner.get(key, options);
    return this.lastRead;
  }
  getRange(key: string, length: number) {
    return this.inner.getRange(key, length);
  }
  put(key: string, bytes: Uint8Array) {
    this.puts.push(bytes);
    return this.inner.put(key, bytes);
  }
  async putStream(key: string, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>) {
    const given: Uint8Array[] = [];
    for await (const chunk of chunks) given.push(chunk);
    this.streamed.push(given);
    await this.inner.put(key, Buffer.concat(given));
  }
  putIfAbsent(key: string, bytes: Uint8Array) {
    return this.inner.putIfAbsent(key, bytes);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
  list(prefix: string, options?: ListOptions) {
    return this.inner.list(prefix, options);
  }
  stat(key: string) {
    return this.inner.stat(key);
  }
}

/** A task returning `value`, counting its runs, on its own engine (a process of its own, as far as caching goes). */
function attachTask(
  storage: ResultStorage,
  value: () => Uint8Array,
  { serializer = 'json', settings = {} }: { serializer?: string | Serializer; settings?: object } = {},
) {
  class Blobs {
    runs = 0;

    @Task({ cacheKeyFn: () => KEY, resultStorage: storage, resultSerializer: serializer })
    async blob(): Promise<Uint8Array> {
      this.runs++;
      return value();
    }
  }
  const logger = new RecordingLogger();
  const blobs = new Engine({ logger, settings }).attach(new Blobs());
  return { blobs, logger };
}

describe.each([
  ['json', 'Buffer', () => pattern(SIZE)],
  ['json', 'Uint8Array', () => new Uint8Array(pattern(SIZE))],
  ['v8', 'Buffer', () => pattern(SIZE)],
  ['v8', 'Uint8Array', () => new Uint8Array(pattern(SIZE))],
] as const)('a large %s result of class %s', (serializer, type, make) => {
  it('is streamed as a header and views of its own bytes: the only bytes allocated are the header', async () => {
    const storage = new RecordingStorage();
    const value = make();
    const { blobs } = attachTask(storage, () => value, { serializer });

    expect(await blobs.blob()).toBe(value);

    expect(storage.puts).toEqual([]);
    expect(storage.streamed).toHaveLength(1);
    const [header, ...payload] = storage.streamed[0];
    expect(header.buffer).not.toBe(value.buffer);
    expect(header.byteLength).toBeLessThan(1024);
    expect(payload.every((chunk) => chunk.buffer === value.buffer)).toBe(true);
    expect(payload.reduce((sum, chunk) => sum + chunk.byteLength, 0)).toBe(SIZE);
    const metadata = readRecordMetadata(KEY, header) as RecordMetadata;
    expect(metadata).toMatchObject({ formatVersion: 2, payloadType: type, payloadLength: SIZE });
  });

  it('is read back as a view of the bytes read (no second copy), of its class, by another process', async () => {
    const storage = new RecordingStorage();
    await attachTask(storage, make, { serializer }).blobs.blob();

    const reader = attachTask(storage, make, { serializer });
    const read = await reader.blobs.blob();

    expect(reader.blobs.runs).toBe(0);
    expect(Buffer.isBuffer(read)).toBe(type === 'Buffer');
    expect(Buffer.from(read.buffer, read.byteOffset, read.byteLength).equals(pattern(SIZE))).toBe(true);
    expect(read.buffer).toBe(storage.lastRead!.buffer);
    expect(read.byteOffset + read.byteLength).toBe(storage.lastRead!.byteOffset + storage.lastRead!.byteLength);
    expect(reader.logger.warnings).toEqual([]);
  });
});

describe('binary records', () => {
  it('are for large results of json and v8 only: a smaller one, or a compressing one, keeps format 1', async () => {
    const formatOf = async (size: number, serializer: string) => {
      const storage = new RecordingStorage();
      await attachTask(storage, () => pattern(size), { serializer }).blobs.blob();
      return (readRecordMetadata(KEY, (await storage.inner.get(KEY))!) as RecordMetadata).formatVersion;
    };

    expect(await formatOf(BINARY_RECORD_MIN_BYTES, 'json')).toBe(2);
    expect(await formatOf(BINARY_RECORD_MIN_BYTES - 1, 'json')).toBe(1);
    expect(await formatOf(SIZE, 'gzip+json')).toBe(1);
  });

  it('are refused past maxRecordBytes before a byte is hashed or written, with a warning', async () => {
    const storage = new RecordingStorage();
    const value = pattern(SIZE);
    const { blobs, logger } = attachTask(storage, () => value, { settings: { maxRecordBytes: 2 * 1024 * 1024 } });

    expect(await blobs.blob()).toBe(value);

    expect(storage.streamed).toEqual([]);
    expect(storage.puts).toEqual([]);
    expect(logger.warnings).toEqual([
      expect.stringContaining(
        `its record would hold ${SIZE} bytes or more, more than maxRecordBytes (env FLOWCACHE_MAX_RECORD_BYTES) ` +
          'allows (2097152)',
      ),
    ]);
  });

  it('are signed chunk by chunk, and a changed payload byte fails verification (a miss with a warning)', async () => {
    const storage = new RecordingStorage();
    const settings = { signingKeys: ['a signing key of at least 32 bytes, for tests'] };
    await attachTask(storage, () => pattern(SIZE), { settings }).blobs.blob();
    const record = Buffer.from((await storage.inner.get(KEY))!);
    expect(decodeRecord(KEY, record, settings).payload.byteLength).toBe(SIZE);

    record[record.length - 10] ^= 1;
    await storage.inner.put(KEY, record);
    const reader = attachTask(storage, () => pattern(SIZE), { settings });
    await reader.blobs.blob();

    expect(reader.blobs.runs).toBe(1);
    expect(reader.logger.warnings).toEqual([expect.stringContaining('it failed verification')]);
  });

  it('reach a storage without putStream as one put of the whole record', async () => {
    const inner = new RecordingStorage();
    const withoutStreaming = requiredMembersOnly(inner);
    await attachTask(withoutStreaming, () => pattern(SIZE)).blobs.blob();

    expect(inner.streamed).toEqual([]);
    expect(inner.puts).toHaveLength(1);
    expect(readRecordMetadata(KEY, inner.puts[0])).toMatchObject({ formatVersion: 2, payloadLength: SIZE });
    const reader = attachTask(withoutStreaming, () => pattern(SIZE));
    expect(Buffer.from(await reader.blobs.blob()).equals(pattern(SIZE))).toBe(true);
    expect(reader.blobs.runs).toBe(0);
  });
});

describe('a format 1 record of a large Buffer, as earlier versions wrote it', () => {
  it.each(['json', 'v8'] as const)('still reads under %s, as the value it was', async (serializer) => {
    const storage = new MemoryStorage();
    const written = findSerializer(serializer)!;
    const facts = {
      storageKey: KEY,
      taskName: 'Blobs.blob',
      cacheKey: KEY,
      createdAt: new Date().toISOString(),
      expiresAt: null,
      serializer: written.id,
      flowRunId: null,
      durationMs: 1,
    };
    await storage.put(KEY, encodeRecord(facts, written.serialize(pattern(SIZE))));

    const { blobs, logger } = attachTask(storage, () => pattern(4), { serializer });
    const read = await blobs.blob();

    expect(blobs.runs).toBe(0);
    expect(logger.warnings).toEqual([]);
    expect(Buffer.isBuffer(read) && read.equals(pattern(SIZE))).toBe(true);
  });
});

describe('a stored binary record that does not fit its task', () => {
  const facts = (serializer: string) => ({
    storageKey: KEY,
    taskName: 'Blobs.blob',
    cacheKey: KEY,
    createdAt: '2026-12-01T00:00:00.000Z',
    expiresAt: null,
    serializer,
    flowRunId: null,
    durationMs: 1,
  });

  /** A record claiming a binary payload, its digest right: a binary record (format 2), or a format 1 one. */
  async function storeClaimingBinary(serializer: string, formatVersion: number): Promise<MemoryStorage> {
    const storage = new MemoryStorage();
    const record =
      formatVersion === 2
        ? Buffer.concat(encodeBinaryRecord(facts(serializer), 'Buffer', [pattern(16)]).parts)
        : encodeRecord({ ...facts(serializer), payloadType: 'Buffer' } as never, pattern(16));
    await storage.put(KEY, record);
    return storage;
  }

  it('is a miss with a warning under a serializer that never writes one (a compressing one)', async () => {
    const storage = await storeClaimingBinary('gzip+json/v1', 2);
    const { blobs, logger } = attachTask(storage, () => pattern(4), { serializer: 'gzip+json' });

    await blobs.blob();

    expect(blobs.runs).toBe(1);
    expect(logger.warnings).toEqual([
      expect.stringContaining('it is a binary record, and its serializer "gzip+json/v1" never writes one'),
    ]);
  });

  it('is corrupt when a format 1 record claims a binary payload', async () => {
    const storage = await storeClaimingBinary('json/v1', 1);
    const { blobs, logger } = attachTask(storage, () => pattern(4));

    await blobs.blob();

    expect(blobs.runs).toBe(1);
    expect(logger.warnings).toEqual([
      expect.stringContaining('its metadata field "payloadType" belongs in a binary record (format 2), and only there'),
    ]);
  });
});
