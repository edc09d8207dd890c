import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { S3Client } from '@aws-sdk/client-s3';
import { guardStorage } from '@flowcache/core/adapters';
import { S3Storage } from '../src';
import { freshPrefix } from '../../../test/support/freshPrefix';
import { startS3rver, type S3rverFixture } from './support/s3rverFixture';

let server: S3rverFixture;
let client: S3Client;
let storage: S3Storage;

beforeAll(async () => {
  server = await startS3rver();
  client = server.createClient();
  storage = new S3Storage({ client, bucket: server.bucket, prefix: freshPrefix('bytes') });
});

afterAll(async () => {
  await server.close();
});

describe('S3Storage bytes', () => {
  it('round-trips 1 MiB of random bytes exactly, through put and putIfAbsent', async () => {
    const payload = new Uint8Array(randomBytes(1024 * 1024));
    await storage.put('random/put', payload);
    expect(await storage.putIfAbsent('random/created', payload)).toBe(true);
    for (const key of ['random/put', 'random/created']) {
      const read = await storage.get(key);
      expect(read).toBeInstanceOf(Uint8Array);
      expect(Buffer.compare(Buffer.from(read!), Buffer.from(payload))).toBe(0);
      expect((await storage.stat(key))?.size).toBe(payload.byteLength);
    }
    const head = await storage.getRange('random/put', 1000);
    expect(Buffer.compare(Buffer.from(head!), Buffer.from(payload.subarray(0, 1000)))).toBe(0);
  });

  it('returns plain Uint8Arrays, not Buffers', async () => {
    await storage.put('plain', new Uint8Array([1, 2, 3]));
    expect((await storage.get('plain'))?.constructor).toBe(Uint8Array);
    expect((await storage.getRange('plain', 2))?.constructor).toBe(Uint8Array);
  });

  it('reads an empty object, whole or ranged, as empty bytes', async () => {
    await storage.put('empty', new Uint8Array(0));
    expect(await storage.get('empty')).toEqual(new Uint8Array(0));
    expect(await storage.getRange('empty', 16)).toEqual(new Uint8Array(0));
  });

  it('reads zero leading bytes as empty bytes, or undefined when missing', async () => {
    await storage.put('some', new Uint8Array([1]));
    expect(await storage.getRange('some', 0)).toEqual(new Uint8Array(0));
    expect(await storage.getRange('absent', 0)).toBeUndefined();
  });

  it('rejects a negative or fractional range length and a non-positive list limit, as core checks them', async () => {
    const guarded = guardStorage(storage);
    await expect(guarded.getRange('some', -1)).rejects.toThrow(RangeError);
    await expect(guarded.getRange('some', 1.5)).rejects.toThrow(RangeError);
    await expect(guarded.list('', { limit: 0 })).rejects.toThrow(RangeError);
  });
});
