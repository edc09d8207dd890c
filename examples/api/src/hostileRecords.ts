import 'reflect-metadata';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import {
  compressed,
  DecompressedTooLargeError,
  Engine,
  jsonSerializer,
  MemoryStorage,
  SerializerNotAllowedError,
  Task,
  type DeserializeOptions,
  type Serializer,
} from '@flowcache/core';
import {
  CacheInspector,
  encodeRecord,
  MAX_METADATA_BYTES,
  MAX_RUN_HISTORY_BYTES,
  MAX_SUBFLOW_DEPTH,
  readRecordMetadata,
  type UnreadableFlowRun,
} from '@flowcache/core/records';

const KEY = 'exports/monthly';

// A team's own serializer. Inspection decodes with it only when given it explicitly.
const csvSerializer: Serializer = {
  id: 'csv/v1',
  serialize: (value) => Buffer.from((value as string[][]).map((row) => row.join(',')).join('\n')),
  // It may ignore the options; the compressed serializers stop decompressing at `maxBytes`.
  deserialize: (bytes: Uint8Array, _options?: DeserializeOptions) =>
    Buffer.from(bytes)
      .toString()
      .split('\n')
      .map((line) => line.split(',')),
};

class Exports {
  runs = 0;

  @Task({ cacheKeyFn: () => KEY })
  async monthly(): Promise<string> {
    this.runs++;
    return 'computed';
  }
}

class CompressedExports {
  @Task({ cacheKeyFn: () => KEY, resultSerializer: 'gzip+json' })
  async monthly(): Promise<string> {
    return 'computed';
  }
}

/** A record planted under KEY by someone who can write to the storage. */
function planted(serializer: string, payload: Uint8Array): Buffer {
  const facts = { storageKey: KEY, taskName: 'Exports.monthly', cacheKey: KEY, createdAt: new Date().toISOString() };
  return encodeRecord({ ...facts, expiresAt: null, serializer, flowRunId: null, durationMs: 1 }, payload);
}

export async function main(): Promise<void> {
  const storage = new MemoryStorage();
  const warnings: string[] = [];
  const engine = new Engine({
    storage,
    settings: { maxRecordBytes: 1024 * 1024 },
    logger: { warn: (m) => warnings.push(m) },
  });
  const exports = engine.attach(new Exports());

  // A record naming another serializer than the task's (json here) is a miss: it never picks its decoder.
  await storage.put(KEY, planted('csv/v1', Buffer.from('a,b')));
  assert.equal(await exports.monthly(), 'computed');
  assert.match(
    warnings[0],
    /written by serializer "csv\/v1", and Exports\.monthly reads records only with its own, "json\/v1"/,
  );

  // Inspection decodes built-in serializers only, unless told otherwise.
  await storage.put(KEY, planted('csv/v1', Buffer.from('a,b')));
  await assert.rejects(new CacheInspector(storage).read(KEY), SerializerNotAllowedError);
  const allowed = new CacheInspector(storage, Date.now, { serializers: [csvSerializer] });
  assert.deepEqual((await allowed.read(KEY))?.value, [['a', 'b']]);

  // A small record that expands past maxRecordBytes: decompression stops at the limit, a miss with a warning.
  const bomb = gzipSync(JSON.stringify('x'.repeat(8 * 1024 * 1024)));
  await storage.put(KEY, planted('gzip+json/v1', bomb));
  const fresh = new Engine({
    storage,
    settings: { maxRecordBytes: 1024 * 1024 },
    logger: { warn: (m) => warnings.push(m) },
  });
  assert.equal(await fresh.attach(new CompressedExports()).monthly(), 'computed');
  assert.match(warnings[1], /payload expands to more than maxRecordBytes/);
  assert.throws(
    () => compressed(jsonSerializer, 'gzip').deserialize(bomb, { maxBytes: 1024 }),
    DecompressedTooLargeError,
  );

  // A header claiming more metadata than any record has is corrupt before anything more is read.
  const header = Buffer.from('FCR\u0001\0\0\0\0', 'latin1');
  header.writeUInt32BE(MAX_METADATA_BYTES + 1, 4);
  assert.throws(() => readRecordMetadata(KEY, header), /metadata claims/);

  // Metadata fields of the wrong type make a record corrupt, naming the field.
  const facts = { storageKey: KEY, taskName: 5, cacheKey: KEY, createdAt: new Date().toISOString(), expiresAt: null };
  const mistyped = encodeRecord(
    { ...facts, serializer: 'json', flowRunId: null, durationMs: 1 } as never,
    Buffer.from('1'),
  );
  assert.throws(() => readRecordMetadata(KEY, mistyped), /its metadata field "taskName" is not a string/);

  // A run history nested deeper than MAX_SUBFLOW_DEPTH (or larger than MAX_RUN_HISTORY_BYTES, 16 MiB) is skipped,
  // named with its reason; the other flow runs stay readable.
  const run = {
    flowName: 'F',
    state: 'Completed',
    parameters: {},
    startedAt: '',
    endedAt: '',
    durationMs: 1,
    attempts: 1,
    error: null,
    taskRuns: [],
  };
  let deep = { ...run, flowRunId: 'deep', subflows: [] as unknown[] };
  for (let depth = 0; depth <= MAX_SUBFLOW_DEPTH; depth++) deep = { ...run, flowRunId: 'deep', subflows: [deep] };
  await storage.put(
    '_flowcache/runs/0000000000001-deep.json',
    Buffer.from(JSON.stringify({ formatVersion: 1, ...deep })),
  );
  const { flowRuns, unreadable } = await new CacheInspector(storage).flowRuns();
  const skipped: UnreadableFlowRun[] = unreadable;
  assert.equal(flowRuns.length, 0);
  assert.deepEqual(skipped, [
    {
      key: '_flowcache/runs/0000000000001-deep.json',
      problem: `its subflows nest more than ${MAX_SUBFLOW_DEPTH} deep`,
    },
  ]);
  assert.equal(MAX_RUN_HISTORY_BYTES, 16 * 1024 * 1024);
}
