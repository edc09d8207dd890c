import { describeStorageCompliance } from '@flowcache/core/testing';
import { S3Storage } from '../src';
import { freshPrefix } from '../../../test/support/freshPrefix';
import { useS3rver } from './support/useS3rver';

const s3 = useS3rver();

describeStorageCompliance('S3Storage', {
  create: () => new S3Storage({ client: s3.client, bucket: s3.server.bucket, prefix: freshPrefix('compliance') }),
});
