/**
 * Records are read with bounded memory whatever their size claims: a small compressed record that expands to
 * far more than `maxRecordBytes`, an object larger than it, and a header claiming gigabytes of metadata are
 * each a miss (or a listed problem) with a warning, and never take memory near their size.
 */
import 'reflect-metadata';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { CorruptRecordError, Engine, MemoryStorage, SerializationError, Task, type ResultStorage } from '../../src';
import { CacheInspector, encodeRecord, readRecordMetadata } from '../../src/records';
import { recordKeys, RecordingLogger } from '../support';

const KEY = 'sizes/record';
const LIMIT = 1024 * 1024;
const BOMB_BYTES = 64 * 1024 * 1024;

function facts(serializer: string): Parameters<typeof encodeRecord>[0] {
  return {
    storageKey: KEY,
    taskName: 'Reports.load',
    cacheKey: KEY,
    createdAt: '2026-11-26T09:00:00.000Z',
    expiresAt: null,
    serializer,
    flowRunId: null,
    durationMs: 1,
  };
}

/** A JSON string value of `BOMB_BYTES` characters, as the JSON serializer's payload would hold it. */
function hugeJsonPayload(): Buffer {
  const payload = Buffer.alloc(BOMB_BYTES + 2, 'a');
  payload[0] = payload[payload.length - 1] = 0x22; // '"'
  return payload;
}

const compressors = {
  brotli: (bytes: Buffer) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
  gzip: (bytes: Buffer) => gzipSync(bytes, { level: 9 }),
};
const made = new Map<keyof typeof compressors, Buffer>();

/** The huge payload compressed: made once per compression, as compressing it takes a while. */
function bomb(compression: keyof typeof compressors): Buffer {
  if (!made.has(compression)) made.set(compression, compressors[compression](hugeJsonPayload()));
  return made.get(compression)!;
}

async function readThroughTask(storage: ResultStorage, serializer: string) {
  class Reports {
    runs = 0;

    @Task({ cacheKeyFn: () => KEY, resultStorage: storage, resultSerializer: serializer })
    async load(): Promise<string> {
      this.runs++;
      return 'computed';
    }
  }
  const logger = new RecordingLogger();
  const reports = new Engine({ logger, settings: { maxRecordBytes: LIMIT } }).attach(new Reports());
  const before = process.memoryUsage().arrayBuffers;
  const value = await reports.load();
  const grown = process.memoryUsage().arrayBuffers - before;
  return { value, runs: reports.runs, warnings: logger.warnings, grown };
}

describe('a compressed record that expands past maxRecordBytes', () => {
  it.each(['brotli', 'gzip'] as const)(
    'is a %s miss with a warning; decompression stops at the limit',
    async (compression) => {
      const record = encodeRecord(facts(`${compression}+json/v1`), bomb(compression));
      if (compression === 'brotli') expect(record.byteLength).toBeLessThan(2048);
      const storage = new MemoryStorage();
      await storage.put(KEY, record);

      const { value, runs, warnings, grown } = await readThroughTask(storage, `${compression}+json`);

      expect({ value, runs }).toEqual({ value: 'computed', runs: 1 });
      expect(warnings).toEqual([
        `Reports.load recomputes a stored result over its limit in memory://default: record "${KEY}" cannot be ` +
          `used: its ${compression}+json/v1 payload expands to more than maxRecordBytes ` +
          `(env FLOWCACHE_MAX_RECORD_BYTES) allows (${LIMIT} bytes); decompression stopped there`,
      ]);
      expect(grown).toBeLessThan(BOMB_BYTES / 8);
    },
  );

  it('is refused by CacheInspector.read, which takes the limit as an option', async () => {
    const storage = new MemoryStorage();
    await storage.put(KEY, encodeRecord(facts('brotli+json/v1'), bomb('brotli')));
    const reading = new CacheInspector(storage, Date.now, { maxRecordBytes: LIMIT }).read(KEY);
    await expect(reading).rejects.toThrow(CorruptRecordError);
    await expect(reading).rejects.toThrow(/payload expands to more than maxRecordBytes .* \(1048576 bytes\)/);
  });
});

describe('a stored record larger than maxRecordBytes', () => {
  it('is a miss with a warning naming the key, its size and the setting, and is not read', async () => {
    const storage = new MemoryStorage();
    const record = encodeRecord(facts('json/v1'), hugeJsonPayload());
    await storage.put(KEY, record);

    const { value, runs, warnings, grown } = await readThroughTask(storage, 'json');

    expect({ value, runs }).toEqual({ value: 'computed', runs: 1 });
    expect(warnings).toEqual([
      `Reports.load recomputes a stored result over its limit in memory://default: record "${KEY}" cannot be ` +
        `used: it holds ${record.byteLength} bytes, more than maxRecordBytes (env FLOWCACHE_MAX_RECORD_BYTES) allows ` +
        `(${LIMIT}); it was not read`,
    ]);
    expect(grown).toBeLessThan(BOMB_BYTES / 8);
  });

  it('is refused by CacheInspector.read, and a run-history object that large is skipped', async () => {
    const storage = new MemoryStorage();
    await storage.put(KEY, encodeRecord(facts('json/v1'), Buffer.from(JSON.stringify('x'.repeat(2 * LIMIT)))));
    // A well-formed history document, padded past the limit with whitespace.
    const history = Buffer.from(JSON.stringify({ formatVersion: 1, flowRunId: 'run1' }));
    await storage.put(
      '_flowcache/runs/1795683600000-run1.json',
      Buffer.concat([history, Buffer.alloc(2 * LIMIT, 0x20)]),
    );
    const inspector = new CacheInspector(storage, Date.now, { maxRecordBytes: LIMIT });

    await expect(inspector.read(KEY)).rejects.toThrow(
      /holds \d+ bytes, more than maxRecordBytes .* \(1048576\); it was not read/,
    );
    expect((await inspector.flowRuns()).flowRuns).toEqual([]);
  });
});

describe('a result whose record would be larger than maxRecordBytes', () => {
  it('is returned with a warning naming the task, the size and the setting, and is not written', async () => {
    const storage = new MemoryStorage();
    class Reports {
      @Task({ cacheKeyFn: () => KEY, resultStorage: storage })
      async load(): Promise<string> {
        return 'x'.repeat(2 * LIMIT);
      }
    }
    const logger = new RecordingLogger();
    const reports = new Engine({ logger, settings: { maxRecordBytes: LIMIT } }).attach(new Reports());

    expect(await reports.load()).toHaveLength(2 * LIMIT);
    expect(await recordKeys(storage)).toEqual([]);
    expect(logger.warnings).toEqual([
      'Reports.load returned a value that was not persisted (the call still returns it): serializer json/v1 cannot ' +
        `handle result: its record would hold ${2 * LIMIT + 2} bytes or more, more than maxRecordBytes ` +
        `(env FLOWCACHE_MAX_RECORD_BYTES) allows (${LIMIT}), and readers refuse it`,
    ]);
  });

  it('leaves a stored record over the limit in place, never saying it overwrites it', async () => {
    // Another engine, with a higher limit, stored this large result; this one recomputes it and cannot write it.
    const storage = new MemoryStorage();
    const stored = encodeRecord(facts('json/v1'), Buffer.from(JSON.stringify('x'.repeat(2 * LIMIT))));
    await storage.put(KEY, stored);
    class Reports {
      @Task({ cacheKeyFn: () => KEY, resultStorage: storage })
      async load(): Promise<string> {
        return 'y'.repeat(2 * LIMIT);
      }
    }
    const logger = new RecordingLogger();
    const reports = new Engine({ logger, settings: { maxRecordBytes: LIMIT } }).attach(new Reports());

    expect(await reports.load()).toHaveLength(2 * LIMIT);
    expect(Buffer.from((await storage.get(KEY))!).equals(stored)).toBe(true);
    expect(logger.warnings).toEqual([
      expect.stringMatching(/^Reports\.load recomputes a stored result over its limit in memory:\/\/default: /),
      expect.stringMatching(/^Reports\.load returned a value that was not persisted/),
    ]);
  });

  it('fails the call with strictPersistence, writing nothing', async () => {
    const storage = new MemoryStorage();
    class Reports {
      @Task({ cacheKeyFn: () => KEY, resultStorage: storage, strictPersistence: true })
      async load(): Promise<string> {
        return 'x'.repeat(2 * LIMIT);
      }
    }
    const reports = new Engine({ logger: new RecordingLogger(), settings: { maxRecordBytes: LIMIT } }).attach(
      new Reports(),
    );
    await expect(reports.load()).rejects.toThrow(SerializationError);
    await expect(reports.load()).rejects.toThrow(
      /Reports\.load: serializer json\/v1 cannot handle result: its record would hold/,
    );
    expect(await recordKeys(storage)).toEqual([]);
  });
});

describe('a record header claiming huge metadata', () => {
  /** The first bytes of a record whose header says its metadata is 4 GiB long. */
  function hugeHeader(): Buffer {
    const prefix = Buffer.from('FCR\u0001\0\0\0\0', 'latin1');
    prefix.writeUInt32BE(0xffff_ffff, 4);
    return Buffer.concat([prefix, Buffer.from('{"formatVersion":1}')]);
  }

  it('is corrupt, without asking for more bytes', () => {
    expect(() => readRecordMetadata(KEY, hugeHeader())).toThrow(
      `record "${KEY}" cannot be used: its metadata claims 4294967295 bytes, more than the 1048576 any record has`,
    );
  });

  it('is listed as a problem after one small ranged read', async () => {
    const storage = new MemoryStorage();
    await storage.put(KEY, hugeHeader());
    const ranges: number[] = [];
    const getRange = storage.getRange.bind(storage);
    storage.getRange = (key, length) => {
      ranges.push(length);
      return getRange(key, length);
    };

    const { records } = await new CacheInspector(storage).list();

    expect(records.map((record) => [record.key, record.problem])).toEqual([
      [
        KEY,
        `record "${KEY}" cannot be used: its metadata claims 4294967295 bytes, more than the 1048576 any record has`,
      ],
    ]);
    expect(ranges).toEqual([4096]);
  });
});
