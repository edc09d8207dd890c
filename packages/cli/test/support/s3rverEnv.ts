import type { S3rverFixture } from '../../../storage-s3/test/support/s3rverFixture';

/**
 * The environment that points the CLI's S3 client at s3rver: what a user of the AWS CLI sets for MinIO or another
 * S3-compatible server, which the CLI's client reads.
 */
export function s3rverEnv(s3: S3rverFixture): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}
