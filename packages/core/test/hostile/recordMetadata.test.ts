/**
 * A record's metadata is untrusted JSON. A field of the wrong type, a serializer id made to forge log lines, or a
 * task named `__proto__` makes that record unreadable (listed with its problem, a miss for an engine); it never
 * breaks a listing of the whole store nor reaches a prototype.
 */
import 'reflect-metadata';
import { ConfigurationError, CorruptRecordError, Engine, MemoryStorage, registerSerializer, Task } from '../../src';
import { CacheInspector, decodeRecord, encodeRecord, readRecordMetadata } from '../../src/records';
import { RecordingLogger } from '../support';

const FACTS = {
  taskName: 'Prices.quote',
  createdAt: '2026-11-26T09:00:00.000Z',
  expiresAt: null,
  serializer: 'json',
  flowRunId: null,
  durationMs: 1,
};

/**
 * A record under `key` whose metadata has `fields` instead of the
 * writer's (its digest recomputed, so only the types are wrong).
 */
function planted(key: string, fields: Record<string, unknown>): Buffer {
  return encodeRecord({ ...FACTS, storageKey: key, cacheKey: key, ...fields } as never, Buffer.from('1'));
}

const WRONG: [string, Record<string, unknown>][] = [
  ['taskName', { taskName: 5 }],
  ['taskName', { taskName: null }],
  ['cacheKey', { cacheKey: ['a'] }],
  ['createdAt', { createdAt: 'yesterday' }],
  ['createdAt', { createdAt: 'Jan 1 2026 (\x1b[31m\nflowcache: all fine)' }],
  ['expiresAt', { expiresAt: '2026-13-45T99:00:00Z' }],
  ['expiresAt', { expiresAt: 12 }],
  ['expiresAt', { expiresAt: 'never' }],
  ['serializer', { serializer: 7 }],
  ['serializer', { serializer: 'json\nflowcache: all fine' }],
  ['serializer', { serializer: 'json v1' }],
  ['serializer', { serializer: 'j'.repeat(101) }],
  ['flowRunId', { flowRunId: 3 }],
  ['durationMs', { durationMs: -1 }],
  ['durationMs', { durationMs: '5' }],
  ['serializerInfo', { serializerInfo: { level: 9 } }],
  ['serializerInfo', { serializerInfo: 'gzip' }],
  ['commitId', { commitId: 42 }],
];

describe('record metadata of the wrong shape', () => {
  it.each(WRONG)('is corrupt, naming the field %s', (field, fields) => {
    const read = () => readRecordMetadata('planted/x', planted('planted/x', fields));
    expect(read).toThrow(CorruptRecordError);
    expect(read).toThrow(`its metadata field "${field}" is not`);
  });

  it('is corrupt when a field is missing, and readable with unknown extra fields', () => {
    const { durationMs: _omitted, ...withoutDuration } = FACTS;
    const missing = encodeRecord({ ...withoutDuration, storageKey: 'k', cacheKey: 'k' } as never, Buffer.from('1'));
    expect(() => readRecordMetadata('k', missing)).toThrow('its metadata field "durationMs" is not present');
    expect(readRecordMetadata('k', planted('k', { futureField: { any: 'thing' } }))).toMatchObject({
      taskName: 'Prices.quote',
    });
  });

  it('leaves the rest of a listing and of the stats readable, the record listed with its problem', async () => {
    const storage = new MemoryStorage();
    await storage.put('good/a', planted('good/a', {}));
    await storage.put('bad/num', planted('bad/num', { taskName: 5 }));
    const inspector = new CacheInspector(storage);
    const { records } = await inspector.list();
    expect(records.map((record) => [record.key, record.metadata?.taskName, record.problem])).toEqual([
      ['bad/num', undefined, expect.stringContaining('"taskName" is not a string')],
      ['good/a', 'Prices.quote', undefined],
    ]);
    expect((await inspector.stats()).tasks).toEqual({
      '(unreadable)': expect.anything(),
      'Prices.quote': expect.anything(),
    });
  });

  it('is a miss with a warning for an engine, which runs the body', async () => {
    const storage = new MemoryStorage();
    const logger = new RecordingLogger();
    let runs = 0;
    class Prices {
      @Task({ cacheKeyFn: () => 'planted/x' })
      async quote(): Promise<number> {
        return ++runs;
      }
    }
    await storage.put('planted/x', planted('planted/x', { taskName: 5 }));
    const engine = new Engine({ storage, logger });
    await expect(engine.attach(new Prices()).quote()).resolves.toBe(1);
    expect(logger.warnings.join('\n')).toContain('"taskName" is not a string');
  });
});

describe('serializer ids', () => {
  it('that readers would refuse are refused when registered or configured: no writer stores unread records', () => {
    const serializer = (id: string) => ({ id, serialize: () => new Uint8Array(0), deserialize: () => null });
    expect(() => registerSerializer(serializer('csv v1'))).toThrow(ConfigurationError);
    expect(() => registerSerializer(serializer('csv\n'))).toThrow(
      'serializer id "csv\\n" must be printable ASCII without spaces',
    );
    expect(() => new Engine({ storage: new MemoryStorage(), serializer: serializer('x'.repeat(101)) })).toThrow(
      ConfigurationError,
    );
  });
});

describe('engine warnings about planted records', () => {
  it.each([
    ['a serializer id', { serializer: 'json\nflowcache: all fine\x1b[31m' }],
    [
      'a free-text creation time',
      { createdAt: 'Jan 1 2026 (\nflowcache: all fine\x1b[31m)', commitId: '00000000-0000-4000-8000-000000000000' },
    ],
    ['a free-text expiry', { expiresAt: 'Jan 1 2099 (\nflowcache: all fine\x1b[31m)' }],
  ])('carry no control character of %s: one line each, quoted', async (_what, fields) => {
    const storage = new MemoryStorage();
    const logger = new RecordingLogger();
    class Prices {
      @Task({ cacheKeyFn: () => 'planted/x' })
      async quote(): Promise<number> {
        return 1;
      }
    }
    await storage.put('planted/x', planted('planted/x', fields));
    await new Engine({ storage, logger }).attach(new Prices()).quote();
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
  });
});

describe('a record whose task is named __proto__', () => {
  afterEach(() => {
    for (const name of ['count', 'bytes', 'expired']) delete (Object.prototype as Record<string, unknown>)[name];
  });

  it('is a row of the stats like any other, and nothing reaches Object.prototype', async () => {
    const storage = new MemoryStorage();
    await storage.put('good/a', planted('good/a', {}));
    await storage.put('bad/proto', planted('bad/proto', { taskName: '__proto__' }));
    const stats = await new CacheInspector(storage).stats();
    expect(({} as Record<string, unknown>).count).toBeUndefined();
    expect(({} as Record<string, unknown>).bytes).toBeUndefined();
    expect(Object.keys(stats.tasks).sort()).toEqual(['Prices.quote', '__proto__']);
    // biome-ignore lint/suspicious/noProto: reads the row of a task named __proto__, an own property
    // biome-ignore lint/complexity/useLiteralKeys: the quoted name shows it is data, not the accessor
    expect(stats.tasks['__proto__']).toMatchObject({ count: 1, expired: 0 });
    expect(stats.tasks['Prices.quote']).toMatchObject({ count: 1 });
  });
});

describe("a record's prefix", () => {
  const record = planted('k', {});

  it.each([0, 1, 2])('makes a record with byte %i of its magic changed not a flowcache record', (index) => {
    const damaged = Buffer.from(record);
    damaged[index] ^= 0x20;
    expect(() => readRecordMetadata('k', damaged)).toThrow('it is not a flowcache record');
  });

  it('refuses a record shorter than its prefix, or of another format version', () => {
    expect(() => readRecordMetadata('k', record.subarray(0, 7))).toThrow('it is not a flowcache record');
    const newer = Buffer.from(record);
    newer[3] = 3;
    expect(() => decodeRecord('k', newer)).toThrow(
      'it has format version 3, and this version of flowcache reads 1 and 2',
    );
  });

  it('asks for the bytes its metadata needs, and a whole record cut inside them is truncated', () => {
    const metadataEnd = 8 + record.readUInt32BE(4);
    expect(readRecordMetadata('k', record.subarray(0, metadataEnd - 1))).toEqual({ needBytes: metadataEnd });
    expect(() => decodeRecord('k', record.subarray(0, metadataEnd - 1))).toThrow('it is truncated inside its metadata');
  });

  it('is read where it starts inside larger bytes (a view at an offset)', () => {
    const larger = Buffer.concat([Buffer.from('garbage before'), record, Buffer.from('after')]);
    const view = new Uint8Array(larger.buffer, larger.byteOffset + 14, record.byteLength);
    const { metadata, payload } = decodeRecord('k', view);
    expect(metadata).toMatchObject({ storageKey: 'k', payloadLength: 1 });
    expect(Buffer.from(payload).toString()).toBe('1');
  });
});
