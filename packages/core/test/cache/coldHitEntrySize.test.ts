/**
 * What the memory tier counts for a result read from storage (a cold hit): the estimate of the value read back,
 * whichever way it was decoded. A payload of plain JSON is counted by the tree walk; a tagged payload (a Map, a
 * Date...) or a serializer of the user's never is, since that walk would take a Map for an empty object.
 */
import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Engine, MemoryStorage, type Serializer, Task } from '../../src';
import { entryBytes } from '../../src/cache/MemoryTier';
import { decodeRecord } from '../../src/records/resultRecord';
import { jsonSerializer } from '../../src/serializers/jsonSerializer';

let nextResult: unknown;

// JSON's text, read back as a Map of its entries: what a serializer of the user's returns is its own business.
const entriesAsMap: Serializer = {
  id: 'entries-as-map',
  serialize: (value) => jsonSerializer.serialize(value),
  deserialize: (bytes) => new Map(Object.entries(jsonSerializer.deserialize(bytes) as object)),
};

class Results {
  @Task({ cacheKeyFn: () => 'result', persistResult: true })
  async asJson(): Promise<unknown> {
    return nextResult;
  }

  @Task({ cacheKeyFn: () => 'result', persistResult: true, resultSerializer: entriesAsMap })
  async asMap(): Promise<unknown> {
    return nextResult;
  }
}

// The tier's bytes after a cold hit, and what `entryBytes` (the full walk) says of the value read back.
async function coldHit(method: 'asJson' | 'asMap', value: unknown): Promise<{ held: number; expected: number }> {
  const storage = new MemoryStorage();
  nextResult = value;
  const writer = new Engine({ storage });
  await writer.attach(new Results())[method]();
  await writer.flush();
  const reader = new Engine({ storage });
  const readBack = await reader.attach(new Results())[method]();
  const [key] = [...reader.results.keys()];
  const { metadata } = decodeRecord(key, (await storage.get(key))!);
  const entry = { value: readBack, taskName: 'Results.asJson', createdAt: new Date(0), expiresAt: undefined };
  return { held: reader.results.bytes, expected: entryBytes(key, entry, metadata.payloadLength) };
}

const rows = Array.from({ length: 500 }, (_, id) => ({ id, name: `customer ${id}`, amount: id + 0.25 }));
const wideMap = new Map(Array.from({ length: 5000 }, (_, index) => [`k${index}`, { index, at: new Date(index) }]));

describe('the memory tier after a cold hit', () => {
  it('counts a plain JSON payload as the full walk counts it', async () => {
    const { held, expected } = await coldHit('asJson', rows);
    expect(held).toBe(expected);
  });

  it('counts a tagged payload (a Map of Dates) by its Map, not as a plain object', async () => {
    const { held, expected } = await coldHit('asJson', wideMap);
    expect(held).toBe(expected);
    expect(held).toBeGreaterThan(5000 * 40);
  });

  it("counts what a user's serializer returns by the full walk, though its payload is plain JSON", async () => {
    const { held, expected } = await coldHit('asMap', Object.fromEntries(rows.map((row) => [row.name, row])));
    expect(held).toBe(expected);
  });
});
