import type { AddressInfo } from 'node:net';
import { S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import {
  emulateConditionalWrites,
  emulateEmptyObjectRanges,
  emulateFlatNamespace,
  emulateUtf8ListingOrder,
  type ConditionalWrites,
  type ListingStore,
  type S3rverMiddleware,
} from './s3Emulation';
import { makeTemporaryDirectory, removeDirectory } from '../../../../test/support/temporaryDirectory';

export { recordRequests, type RequestLog } from './recordRequests';

/** s3rver 3.7.1 ships no types: the part of its API the fixtures use. */
export interface S3rverServer {
  readonly middleware: S3rverMiddleware[];
  readonly httpServer?: { closeAllConnections(): void };
  readonly store: ListingStore & {
    putObject(object: {
      bucket: string;
      key: string;
      content: Buffer;
      metadata: Record<string, string>;
    }): Promise<unknown>;
  };
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: {
  address: string;
  port: number;
  directory: string;
  silent: boolean;
  configureBuckets: { name: string }[];
}) => S3rverServer;
const S3rver = require('s3rver') as S3rverConstructor;

/** An S3 server in this process, with one bucket, for one test file. */
export interface S3rverFixture {
  readonly endpoint: string;
  readonly bucket: string;
  /** A client configured for this server (see `createS3Client`); `overrides` change any setting. */
  createClient(overrides?: Partial<S3ClientConfig>): S3Client;
  /**
   * The next `count` conditional requests (PutObject with `If-None-Match` or `If-Match`, DeleteObject with
   * `If-Match`) answer 409 ConditionalRequestConflict, as S3 does under contention.
   */
  conflictNextConditionalWrites(count: number): void;
  /**
   * Stores objects straight into s3rver's file store, without HTTP: sets up large listings in a fraction of
   * the time thousands of PutObject requests take. Each object's content is its key.
   */
  seedObjects(objectKeys: readonly string[]): Promise<void>;
  /** Destroys the clients it made, stops the server and removes its directory. */
  close(): Promise<void>;
}

/**
 * Starts s3rver in this process on 127.0.0.1, on a free port, storing into a fresh temporary directory, with
 * `bucket` created, and with S3's documented answers where s3rver differs: conditional writes (`If-None-Match: *`,
 * `If-Match: <etag>`) and atomic requests per object, a namespace without directories, ranges of empty objects,
 * listing order (`s3Emulation`).
 */
export async function startS3rver({ bucket = 'flowcache-test' }: { bucket?: string } = {}): Promise<S3rverFixture> {
  const directory = await makeTemporaryDirectory('s3rver');
  const { server, conditionalWrites } = emulatedS3rver({ directory, port: 0, bucket });
  const { port } = await server.run();
  const endpoint = `http://127.0.0.1:${port}`;
  const clients: S3Client[] = [];
  return {
    endpoint,
    bucket,
    createClient(overrides = {}) {
      const client = createS3Client(endpoint, overrides);
      clients.push(client);
      return client;
    },
    conflictNextConditionalWrites: (count) => conditionalWrites.conflictNext(count),
    async seedObjects(objectKeys) {
      for (let start = 0; start < objectKeys.length; start += 100) {
        const batch = objectKeys.slice(start, start + 100);
        await Promise.all(
          batch.map((key) => server.store.putObject({ bucket, key, content: Buffer.from(key), metadata: {} })),
        );
      }
    },
    async close() {
      for (const client of clients) client.destroy();
      await server.close();
      await removeDirectory(directory);
    },
  };
}

/**
 * An s3rver (not started) on 127.0.0.1 storing into `directory`, with `bucket` and the emulations of S3's
 * documented answers (`s3Emulation`): every fixture builds its server here.
 */
export function emulatedS3rver(options: { directory: string; port: number; bucket: string }): {
  server: S3rverServer;
  conditionalWrites: ConditionalWrites;
} {
  const { directory, port, bucket } = options;
  const server = new S3rver({
    address: '127.0.0.1',
    port,
    directory,
    silent: true,
    configureBuckets: [{ name: bucket }],
  });
  const conditionalWrites = emulateConditionalWrites();
  server.middleware.unshift(conditionalWrites.middleware, emulateFlatNamespace(), emulateEmptyObjectRanges);
  emulateUtf8ListingOrder(server.store);
  return { server, conditionalWrites };
}

/**
 * An `S3Client` set up the way s3rver needs: path-style URLs, static credentials, us-east-1, and checksums
 * only when an operation requires them (with the SDK default and a stream body, s3rver silently stores
 * corrupted bytes).
 */
export function createS3Client(endpoint: string, overrides: Partial<S3ClientConfig> = {}): S3Client {
  return new S3Client({
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...overrides,
  });
}
