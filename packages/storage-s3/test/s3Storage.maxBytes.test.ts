/**
 * Reads from a bucket are bounded whatever the server sends: `get` with `maxBytes` refuses an object whose
 * Content-Length is larger without reading its body, stops reading a body sent without a length at the limit,
 * and `getRange` reads no more than asked even from a server that ignores Range. A counting client sees how many
 * body bytes the storage pulled.
 */
import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { Engine, ObjectTooLargeError, Task } from '@flowcache/core';
import { encodeRecord } from '@flowcache/core/records';
import { S3Storage } from '../src';
import { freshPrefix } from '../../../test/support/freshPrefix';
import { RecordingLogger } from '../../../test/support/recordingLogger';
import { startS3rver, type S3rverFixture } from './support/s3rverFixture';

const LIMIT = 1024 * 1024;
const OBJECT_BYTES = 8 * 1024 * 1024;
// Node streams hand over at most this much at a time: reading "up to the limit" may pull one chunk more.
const CHUNK_BYTES = 64 * 1024;

let server: S3rverFixture;
let client: S3Client;

beforeAll(async () => {
  server = await startS3rver();
  client = server.createClient();
});

afterAll(async () => {
  await server.close();
});

interface Behaviour {
  /** Answer as a server that sends no Content-Length. */
  readonly withoutLength?: boolean;
  /** Answer as a server that ignores Range and sends the whole object. */
  readonly ignoringRange?: boolean;
}

/** A client over the real one that counts the body bytes its caller pulls, and can act as a sloppier server. */
function countingClient(behaviour: Behaviour = {}): { client: S3Client; pulled: () => number } {
  let pulled = 0;
  const send = async (command: unknown, options: unknown) => {
    if (behaviour.ignoringRange && command instanceof GetObjectCommand)
      delete (command.input as { Range?: string }).Range;
    const response = await (client.send as (command: unknown, options: unknown) => Promise<Record<string, unknown>>)(
      command,
      options,
    );
    const body = response.Body as (AsyncIterable<Uint8Array> & { destroy(): void }) | undefined;
    if (body === undefined) return response;
    async function* counted(): AsyncGenerator<Uint8Array> {
      for await (const chunk of body!) {
        pulled += chunk.byteLength;
        yield chunk;
      }
    }
    const chunks = counted();
    const wrapped = {
      [Symbol.asyncIterator]: () => chunks,
      destroy: () => body.destroy(),
      async transformToByteArray() {
        const parts: Uint8Array[] = [];
        for await (const chunk of chunks) parts.push(chunk);
        return new Uint8Array(Buffer.concat(parts));
      },
    };
    return { ...response, Body: wrapped, ...(behaviour.withoutLength ? { ContentLength: undefined } : {}) };
  };
  return { client: { send } as unknown as S3Client, pulled: () => pulled };
}

async function storedObject(behaviour?: Behaviour): Promise<{ storage: S3Storage; pulled: () => number }> {
  const prefix = freshPrefix('max-bytes');
  await new S3Storage({ client, bucket: server.bucket, prefix }).put('big', new Uint8Array(OBJECT_BYTES).fill(7));
  const counting = countingClient(behaviour);
  return {
    storage: new S3Storage({ client: counting.client, bucket: server.bucket, prefix }),
    pulled: counting.pulled,
  };
}

describe('S3Storage.get with maxBytes', () => {
  it('refuses an object whose Content-Length is larger without reading its body', async () => {
    const { storage, pulled } = await storedObject();
    const reading = storage.get('big', { maxBytes: LIMIT });
    await expect(reading).rejects.toThrow(ObjectTooLargeError);
    await expect(reading).rejects.toMatchObject({ key: 'big', size: OBJECT_BYTES, maxBytes: LIMIT });
    expect(pulled()).toBe(0);
  });

  it('stops reading a body sent without a length once it passes the limit', async () => {
    const { storage, pulled } = await storedObject({ withoutLength: true });
    await expect(storage.get('big', { maxBytes: LIMIT })).rejects.toMatchObject({
      key: 'big',
      size: LIMIT + 1,
      maxBytes: LIMIT,
    });
    expect(pulled()).toBeLessThanOrEqual(LIMIT + CHUNK_BYTES);
  });

  it('reads an object within the limit, sent with or without a length', async () => {
    for (const withoutLength of [false, true]) {
      const { storage } = await storedObject({ withoutLength });
      expect((await storage.get('big', { maxBytes: OBJECT_BYTES }))?.byteLength).toBe(OBJECT_BYTES);
    }
  });
});

describe('S3Storage.getRange', () => {
  it('reads no more than asked from a server that ignores Range', async () => {
    const { storage, pulled } = await storedObject({ ignoringRange: true });
    const head = await storage.getRange('big', 4096);
    expect(head).toEqual(new Uint8Array(4096).fill(7));
    expect(pulled()).toBeLessThanOrEqual(4096 + CHUNK_BYTES);
  });
});

describe('an engine reading from S3', () => {
  it('treats a record larger than maxRecordBytes as a miss with a warning, its body unread', async () => {
    const prefix = freshPrefix('engine-max-bytes');
    const key = 'reports/big';
    const record = encodeRecord(
      {
        storageKey: key,
        taskName: 'Reports.load',
        cacheKey: key,
        createdAt: '2026-11-26T09:00:00.000Z',
        expiresAt: null,
        serializer: 'json/v1',
        flowRunId: null,
        durationMs: 1,
      },
      Buffer.from(JSON.stringify('x'.repeat(2 * LIMIT))),
    );
    await new S3Storage({ client, bucket: server.bucket, prefix }).put(key, record);
    const counting = countingClient();
    const storage = new S3Storage({ client: counting.client, bucket: server.bucket, prefix });
    class Reports {
      runs = 0;

      @Task({ cacheKeyFn: () => key, resultStorage: storage })
      async load(): Promise<string> {
        this.runs++;
        return 'computed';
      }
    }
    const logger = new RecordingLogger();
    const engine = new Engine({ logger, settings: { maxRecordBytes: LIMIT } });
    const reports = engine.attach(new Reports());

    expect(await reports.load()).toBe('computed');
    expect(reports.runs).toBe(1);
    expect(counting.pulled()).toBe(0);
    expect(logger.warnings).toEqual([
      `Reports.load recomputes a stored result over its limit ` +
        `in ${storage.location}: record "${key}" cannot be used: ` +
        `it holds ${record.byteLength} bytes, more than maxRecordBytes (env FLOWCACHE_MAX_RECORD_BYTES) allows ` +
        `(${LIMIT}); it was not read`,
    ]);
  });
});
