import { afterAll, beforeAll } from '@jest/globals';
import type { S3Client } from '@aws-sdk/client-s3';
import { describeStorageCompliance } from '@flowcache/core/testing';
import { S3Storage } from '../src';
import { freshPrefix } from './support/freshPrefix';
import { startS3rver, type S3rverFixture } from './support/s3rverFixture';

let server: S3rverFixture;
let client: S3Client;

beforeAll(async () => {
  server = await startS3rver();
  client = server.createClient();
});

afterAll(async () => {
  await server.close();
});

describeStorageCompliance('S3Storage', {
  create: () => new S3Storage({ client, bucket: server.bucket, prefix: freshPrefix('compliance') }),
});
