/**
 * A stored record names the serializer that wrote it, but it does not get to choose its decoder: a task decodes
 * only with its own serializer, and inspection only with the built-in, code-free ones unless given others.
 * Planted records naming another serializer are a miss with a warning, and no other deserializer ever runs.
 */
import 'reflect-metadata';
import {
  compressed,
  Engine,
  jsonSerializer,
  MemoryStorage,
  registerSerializer,
  SerializerNotAllowedError,
  Task,
  v8Serializer,
  type Serializer,
} from '../../src';
import { CacheInspector, encodeRecord } from '../../src/records';
import { RecordingLogger } from '../support';

const KEY = 'planted/record';

/** Another team's serializer, registered in this process for their own task; it records every call. */
const decoded: Uint8Array[] = [];
const otherTeams: Serializer = {
  id: 'other-team/v1',
  serialize: (value) => Buffer.from(String(value)),
  deserialize: (bytes) => {
    decoded.push(bytes);
    return 'decoded by the other team';
  },
};
registerSerializer(otherTeams);

beforeEach(() => {
  decoded.length = 0;
});

/** A valid, unsigned record under KEY whose header names `serializerId`. */
function plantedRecord(serializerId: string, payload: Uint8Array): Buffer {
  return encodeRecord(
    {
      storageKey: KEY,
      taskName: 'Prices.quote',
      cacheKey: KEY,
      createdAt: '2026-11-26T09:00:00.000Z',
      expiresAt: null,
      serializer: serializerId,
      flowRunId: null,
      durationMs: 1,
    },
    payload,
  );
}

const PLANTED: [string, Uint8Array][] = [
  ['v8', v8Serializer.serialize('planted')],
  ['gzip+json/v1', compressed(jsonSerializer, 'gzip').serialize('planted')],
  ['gzip+json', compressed(jsonSerializer, 'gzip').serialize('planted')],
  ['brotli+v8', compressed(v8Serializer, 'brotli').serialize('planted')],
  ['other-team/v1', Buffer.from('planted')],
  ['brotli+other-team/v1', compressed(otherTeams, 'brotli').serialize('planted')],
];

async function readThroughJsonTask(record: Uint8Array): Promise<{ value: unknown; runs: number; warnings: string[] }> {
  const storage = new MemoryStorage();
  await storage.put(KEY, record);
  class Prices {
    runs = 0;

    @Task({ cacheKeyFn: () => KEY, resultStorage: storage })
    async quote(): Promise<string> {
      this.runs++;
      return 'computed';
    }
  }
  const logger = new RecordingLogger();
  const prices = new Engine({ logger }).attach(new Prices());
  const value = await prices.quote();
  return { value, runs: prices.runs, warnings: logger.warnings };
}

describe('a task reading a record that names another serializer', () => {
  it.each(PLANTED)('runs its body for a planted %s record, with one warning naming both', async (id, payload) => {
    const { value, runs, warnings } = await readThroughJsonTask(plantedRecord(id, payload));

    expect(value).toBe('computed');
    expect(runs).toBe(1);
    expect(warnings).toEqual([
      `Prices.quote recomputes and overwrites a stored result in memory://default: record "${KEY}" cannot be used: ` +
        `it was written by serializer "${id}", and Prices.quote reads records only with its own, "json/v1"`,
    ]);
    expect(decoded).toEqual([]);
  });

  it('reads a record of its own serializer, the json alias included', async () => {
    for (const id of ['json/v1', 'json']) {
      const { value, runs, warnings } = await readThroughJsonTask(
        plantedRecord(id, jsonSerializer.serialize('stored')),
      );
      expect({ value, runs, warnings }).toEqual({ value: 'stored', runs: 0, warnings: [] });
    }
  });

  it('reads a compressed record when the task is configured with that compression', async () => {
    const storage = new MemoryStorage();
    await storage.put(KEY, plantedRecord('brotli+v8', compressed(v8Serializer, 'brotli').serialize('stored')));
    class Prices {
      runs = 0;

      @Task({ cacheKeyFn: () => KEY, resultStorage: storage, resultSerializer: 'brotli+v8' })
      async quote(): Promise<string> {
        this.runs++;
        return 'computed';
      }
    }
    const prices = new Engine({ logger: new RecordingLogger() }).attach(new Prices());
    expect(await prices.quote()).toBe('stored');
    expect(prices.runs).toBe(0);
  });
});

describe('CacheInspector.read', () => {
  const builtIn = PLANTED.filter(([id]) => !id.includes('other-team'));
  it.each(builtIn)('decodes a %s record with the built-in serializers', async (id, payload) => {
    const storage = new MemoryStorage();
    await storage.put(KEY, plantedRecord(id, payload));
    expect((await new CacheInspector(storage).read(KEY))?.value).toBe('planted');
  });

  it('refuses a record of a registered custom serializer, saying how to allow it, and never runs it', async () => {
    const storage = new MemoryStorage();
    for (const [id, payload] of PLANTED.filter(([name]) => name.includes('other-team'))) {
      await storage.put(KEY, plantedRecord(id, payload));
      const reading = new CacheInspector(storage).read(KEY);
      await expect(reading).rejects.toThrow(SerializerNotAllowedError);
      await expect(reading).rejects.toThrow(
        `record "${KEY}" cannot be used: it was written by serializer "${id}", which is not built in; to decode it, ` +
          `pass that serializer in CacheInspectorOptions.serializers ` +
          `(flowcache CLI: --allow-serializer ${id}, see its README)`,
      );
    }
    expect(decoded).toEqual([]);
  });

  it('decodes with a custom serializer given explicitly, compressed forms included', async () => {
    const storage = new MemoryStorage();
    const inspector = new CacheInspector(storage, Date.now, { serializers: [otherTeams] });
    for (const [id, payload] of PLANTED.filter(([name]) => name.includes('other-team'))) {
      await storage.put(KEY, plantedRecord(id, payload));
      expect((await inspector.read(KEY))?.value).toBe('decoded by the other team');
    }
    expect(decoded.map((bytes) => Buffer.from(bytes).toString())).toEqual(['planted', 'planted']);
  });
});
