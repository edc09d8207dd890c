import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  emulateConditionalWrites,
  emulateEmptyObjectRanges,
  emulateUtf8ListingOrder,
  type ListingStore,
  type S3rverMiddleware,
} from '../../../packages/storage-s3/test/support/s3Emulation';

/** The part of s3rver 3.7.1's untyped API this helper uses. */
interface S3rverServer {
  readonly middleware: S3rverMiddleware[];
  readonly store: ListingStore;
  readonly httpServer?: { closeAllConnections(): void };
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

/**
 * An s3rver that can go down and come back on the same port and directory, as an S3 endpoint does in an outage:
 * clients keep their endpoint, and the objects written before the outage are there again afterwards. It sets up
 * the same S3 emulations as `startS3rver` (packages/storage-s3/test/support/s3rverFixture.ts).
 */
export class RestartableS3rver {
  private server: S3rverServer | undefined;

  private constructor(
    readonly directory: string,
    readonly bucket: string,
    private port: number,
  ) {}

  static async start(bucket = 'flowcache-faults'): Promise<RestartableS3rver> {
    const directory = await mkdtemp(join(tmpdir(), 'flowcache-faults-s3rver-'));
    const s3 = new RestartableS3rver(directory, bucket, 0);
    await s3.restart();
    return s3;
  }

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Stops answering: connections are cut, new ones refused. */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (server === undefined) return;
    server.httpServer?.closeAllConnections();
    await server.close();
  }

  /** Answers again, on the port it had, with the objects stored before. */
  async restart(): Promise<void> {
    const server = new S3rver({
      address: '127.0.0.1',
      port: this.port,
      directory: this.directory,
      silent: true,
      configureBuckets: [{ name: this.bucket }],
    });
    server.middleware.unshift(emulateConditionalWrites().middleware, emulateEmptyObjectRanges);
    emulateUtf8ListingOrder(server.store);
    this.port = (await server.run()).port;
    this.server = server;
  }

  async close(): Promise<void> {
    await this.stop();
    await rm(this.directory, { recursive: true, force: true });
  }
}
