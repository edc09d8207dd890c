import { describe, expect, it } from '@jest/globals';
import { S3Client } from '@aws-sdk/client-s3';

describe('S3Client configurations for S3Storage and S3LockManager', () => {
  it('AWS S3: credentials and region from the usual AWS sources, or given', async () => {
    const client = new S3Client({ region: 'eu-west-1' });
    expect(await client.config.region()).toBe('eu-west-1');
  });

  it('MinIO and other self-hosted S3 servers: path-style URLs, checksums only where required', async () => {
    const client = new S3Client({
      endpoint: 'http://minio.internal:9000',
      forcePathStyle: true,
      region: 'us-east-1',
      credentials: {
        accessKeyId: process.env.MINIO_ACCESS_KEY ?? 'minio-user',
        secretAccessKey: process.env.MINIO_SECRET_KEY ?? 'minio-secret',
      },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    expect(client.config.forcePathStyle).toBe(true);
  });

  it('Cloudflare R2', async () => {
    const accountId = process.env.R2_ACCOUNT_ID ?? 'your-account-id';
    const client = new S3Client({
      endpoint: `https://${accountId}.r2.cloudflarestorage.com`,
      region: 'auto',
      credentials: {
        accessKeyId: process.env.R2_ACCESS_KEY_ID ?? 'r2-key',
        secretAccessKey: process.env.R2_SECRET_ACCESS_KEY ?? 'r2-secret',
      },
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    });
    expect(await client.config.region()).toBe('auto');
  });

  it('bounded time: fail fast instead of waiting through retries', async () => {
    const client = new S3Client({
      region: 'eu-west-1',
      maxAttempts: 2,
      requestHandler: { connectionTimeout: 2_000, requestTimeout: 10_000, throwOnRequestTimeout: true },
    });
    expect(await client.config.maxAttempts()).toBe(2);
  });
});
