import assert from 'node:assert/strict';
import {
  CorruptRecordError,
  findSerializer,
  jsonSerializer,
  MemoryStorage,
  registerSerializer,
  SerializationError,
  type Compression,
  type Serializer,
} from '@flowcache/core';
import {
  decodeRecord,
  encodeRecord,
  HEADER_PROBE_BYTES,
  readRecordMetadata,
  readStoredMetadata,
  RECORD_FORMAT_VERSION,
  type RecordMetadata,
} from '@flowcache/core/records';

// A serializer of your own, registered so every process can read what it wrote.
const csvSerializer: Serializer = {
  id: 'csv/v1',
  serialize: (value) => Buffer.from((value as string[][]).map((row) => row.join(',')).join('\n')),
  deserialize: (bytes) =>
    Buffer.from(bytes)
      .toString()
      .split('\n')
      .map((line) => line.split(',')),
};

export async function main(): Promise<void> {
  registerSerializer(csvSerializer);
  const compression: Compression = 'brotli';
  const serializer = findSerializer(`${compression}+csv/v1`)!;
  const rows = [
    ['day', 'total'],
    ['mon', '3'],
  ];

  // A record: metadata first (readable alone), then the payload, with its length and sha256.
  const record = encodeRecord(
    {
      storageKey: 'sales/mon',
      taskName: 'Reports.loadSales',
      cacheKey: 'sales/mon',
      createdAt: '2026-11-26T09:00:00.000Z',
      expiresAt: null,
      serializer: serializer.id,
      flowRunId: null,
      durationMs: 1250,
    },
    serializer.serialize(rows),
  );
  const storage = new MemoryStorage();
  await storage.put('sales/mon', record);

  // Inspect without the payload (one ranged read), or decode and check the whole record.
  const metadata: RecordMetadata | undefined = await readStoredMetadata(storage, 'sales/mon');
  assert.equal(metadata?.formatVersion, RECORD_FORMAT_VERSION);
  assert.equal(metadata?.serializer, 'brotli+csv/v1');
  const fromPrefix = readRecordMetadata('sales/mon', record.subarray(0, HEADER_PROBE_BYTES));
  assert.deepEqual(fromPrefix, metadata);
  const { payload } = decodeRecord('sales/mon', record);
  assert.deepEqual(findSerializer(metadata!.serializer)!.deserialize(payload), rows);

  // An altered record is refused, never served.
  const altered = Buffer.from(record);
  altered[altered.length - 1] ^= 0xff;
  assert.throws(() => decodeRecord('sales/mon', altered), CorruptRecordError);

  // The default serializer refuses values it could not bring back as they were, naming where they sit.
  assert.throws(
    () => jsonSerializer.serialize({ rows, render: () => '' }),
    (error: unknown) => {
      return error instanceof SerializationError && error.path === 'result.render';
    },
  );
}
