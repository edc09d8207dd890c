import { afterAll, beforeAll } from '@jest/globals';
import type { S3Client } from '@aws-sdk/client-s3';
import { startS3rver, type S3rverFixture } from './s3rverFixture';

/** An s3rver for the whole test file (started before its tests, stopped after them) and one client for it. */
export function useS3rver(): { readonly server: S3rverFixture; readonly client: S3Client } {
  const handle = {} as { server: S3rverFixture; client: S3Client };
  beforeAll(async () => {
    handle.server = await startS3rver();
    handle.client = handle.server.createClient();
  });
  afterAll(async () => {
    await handle.server.close();
  });
  return handle;
}
