import { emulatedS3rver, type S3rverServer } from '../../../packages/storage-s3/test/support/s3rverFixture';
import { makeTemporaryDirectory, removeDirectory } from '../../support/temporaryDirectory';

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
    const directory = await makeTemporaryDirectory('faults-s3rver');
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
    const { server } = emulatedS3rver({ directory: this.directory, port: this.port, bucket: this.bucket });
    this.port = (await server.run()).port;
    this.server = server;
  }

  async close(): Promise<void> {
    await this.stop();
    await removeDirectory(this.directory);
  }
}
