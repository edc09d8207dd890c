import { S3Client } from '@aws-sdk/client-s3';
import { ConfigurationError } from '@flowcache/core/adapters';
import { S3Storage } from './S3Storage';

/**
 * The storage an `s3:` URL names, for `FLOWCACHE_RESULTS_DEFAULT_STORAGE=s3://bucket/prefix`. The client is
 * configured the way the AWS CLI is: region, credentials and endpoint from the standard AWS environment
 * (`AWS_REGION`, `AWS_ACCESS_KEY_ID`, `AWS_ENDPOINT_URL_S3`, profiles...), with bounded time: 2 s to connect, 10 s
 * per request, two attempts. `?forcePathStyle=true` serves MinIO and other servers without virtual-host buckets. Core
 * calls it when it resolves a default storage URL; inject
 * your own `S3Client` into `new S3Storage()` for anything else.
 */
export function storageFromUrl(url: URL): S3Storage {
  if (url.protocol !== 's3:' || url.host === '') {
    throw new ConfigurationError(`${url.href} is not an s3://bucket/prefix URL`);
  }
  const forcePathStyle = url.searchParams.get('forcePathStyle');
  if (forcePathStyle !== null && forcePathStyle !== 'true' && forcePathStyle !== 'false') {
    throw new ConfigurationError(`${url.href}: forcePathStyle must be true or false, got "${forcePathStyle}"`);
  }
  const client = new S3Client({
    forcePathStyle: forcePathStyle === 'true',
    // A cache must never hang a call: a server that accepts connections but never answers is an error.
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 10_000, throwOnRequestTimeout: true },
    // Checksums only where S3 requires them: S3-compatible servers differ in the newer checksum headers.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  return new S3Storage({ client, bucket: url.host, prefix: decodeURIComponent(url.pathname.replace(/^\//, '')) });
}
