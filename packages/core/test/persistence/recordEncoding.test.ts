/**
 * A record is written in one buffer, its metadata stringified once; its bytes stay what they always were (the
 * layout older readers read and sign-checked records carry). A miss keeps its result in memory with the digest
 * it just wrote, without parsing the record back.
 */
import 'reflect-metadata';
import { createHash } from 'node:crypto';
import { Engine, MemoryStorage, Task, taskInputHash } from '../../src';
import { readRecordMetadata, RECORD_FORMAT_VERSION } from '../../src/records';
import {
  decodeRecord,
  encodeRecord,
  encodeRecordWithDigest,
  type RecordMetadata,
} from '../../src/records/resultRecord';
import { signRecord } from '../../src/records/recordSignature';
import { manualClock } from '../support';

const FACTS = {
  storageKey: 'prices/é-2026',
  taskName: 'Prices.quote \u00e9 \u2028 \u{1F600}',
  cacheKey: 'prices/é-2026',
  createdAt: '2026-11-26T09:00:00.000Z',
  expiresAt: '2026-11-27T09:00:00.000Z',
  serializer: 'json/v1',
  serializerInfo: { compression: 'gzip' },
  flowRunId: 'run-1',
  durationMs: 12.5,
};
const PAYLOAD = Buffer.from('[{"name":"Ada é","amount":12.5}]', 'utf8');

/** The layout as it has always been written: prefix, metadata with the digest last, payload, each copied in. */
function layoutOf(facts: object, payload: Uint8Array, libraryVersion: string, signingKey?: string): Buffer {
  const unsigned = {
    formatVersion: RECORD_FORMAT_VERSION,
    ...facts,
    payloadLength: payload.byteLength,
    libraryVersion,
  };
  const described =
    signingKey === undefined
      ? unsigned
      : { ...unsigned, signature: signRecord(unsigned as never, payload, signingKey) };
  const digest = createHash('sha256').update(JSON.stringify(described)).update(payload).digest('hex');
  const header = Buffer.from(JSON.stringify({ ...described, digest }), 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.write('FCR', 0, 'latin1');
  prefix[3] = RECORD_FORMAT_VERSION;
  prefix.writeUInt32BE(header.byteLength, 4);
  return Buffer.concat([prefix, header, payload]);
}

describe('encoding a record', () => {
  const variants: [string, object, string | undefined][] = [
    ['unsigned', FACTS, undefined],
    ['signed', FACTS, 'signing-key'],
    ['of a commit', { ...FACTS, commitId: 'commit-1' }, undefined],
    ['without optional facts', { ...FACTS, serializerInfo: undefined, expiresAt: null, flowRunId: null }, undefined],
  ];

  it.each(variants)('writes the bytes it always wrote (%s)', (_label, facts, signingKey) => {
    const signing = { signingKeys: signingKey === undefined ? [] : [signingKey] };

    const bytes = encodeRecord(facts as never, PAYLOAD, signing);

    const { libraryVersion } = readRecordMetadata('any', bytes) as RecordMetadata;
    expect(bytes.equals(layoutOf(facts, PAYLOAD, libraryVersion, signingKey))).toBe(true);
  });

  it('gives the digest its metadata carries', () => {
    const { parts, digest } = encodeRecordWithDigest(FACTS, PAYLOAD);
    const bytes = parts[0] as Buffer;

    expect(digest).toBe((readRecordMetadata(FACTS.storageKey, bytes) as RecordMetadata).digest);
    expect(bytes.equals(encodeRecord(FACTS, PAYLOAD))).toBe(true);
  });
});

// A record whose metadata is `metadataText` as it is, followed by the payload.
function withMetadataText(metadataText: string, payload: Uint8Array): Buffer {
  const header = Buffer.from(metadataText, 'utf8');
  const prefix = Buffer.alloc(8);
  prefix.write('FCR', 0, 'latin1');
  prefix[3] = RECORD_FORMAT_VERSION;
  prefix.writeUInt32BE(header.byteLength, 4);
  return Buffer.concat([prefix, header, payload]);
}

describe('decoding a record', () => {
  const written = encodeRecord(FACTS, PAYLOAD);
  const metadata = readRecordMetadata(FACTS.storageKey, written) as RecordMetadata;
  const { digest, ...described } = metadata;

  it('reads a record as it was written', () => {
    expect(decodeRecord(FACTS.storageKey, written).metadata).toEqual(metadata);
  });

  it('reads a record whose metadata another tool wrote otherwise: spaced, or with its digest first', () => {
    for (const text of [JSON.stringify(metadata, null, 2), JSON.stringify({ digest, ...described })]) {
      const record = withMetadataText(text, PAYLOAD);
      expect(decodeRecord(FACTS.storageKey, record).metadata).toEqual(metadata);
    }
  });

  it('refuses a record whose metadata was edited, its digest left as it was', () => {
    const text = JSON.stringify(metadata).replace('"durationMs":12.5', '"durationMs":99.5');
    expect(() => decodeRecord(FACTS.storageKey, withMetadataText(text, PAYLOAD))).toThrow(
      /does not match its digest \(altered or damaged\)/,
    );
  });
});

class Prices {
  runs = 0;

  @Task({ cacheKeyFn: taskInputHash, persistResult: true })
  async quote(day: string): Promise<{ day: string; amount: number }[]> {
    this.runs++;
    return [{ day, amount: 12.5 }];
  }
}

describe('a persisted miss', () => {
  it('parses nothing back from the record it wrote, and its memory hit still refers to that record', async () => {
    const storage = new MemoryStorage();
    const clock = manualClock(Date.UTC(2026, 10, 26, 12));
    const engine = new Engine({ storage, clock: clock.read, settings: { memoryRevalidateMs: 1000 } });
    const prices = engine.attach(new Prices());
    const parse = jest.spyOn(JSON, 'parse');

    expect(await prices.quote('2026-11-26')).toEqual([{ day: '2026-11-26', amount: 12.5 }]);
    const parsedByMiss = parse.mock.calls.length;
    parse.mockRestore();

    expect(parsedByMiss).toBe(0);
    // A memory hit checked against storage finds the digest it kept: the record is the same, so the value is
    // served from memory, without reading the whole record.
    clock.now += 1000;
    const get = jest.spyOn(storage, 'get');
    expect(await prices.quote('2026-11-26')).toEqual([{ day: '2026-11-26', amount: 12.5 }]);
    expect({ runs: prices.runs, wholeReads: get.mock.calls.length }).toEqual({ runs: 1, wholeReads: 0 });
  });
});
