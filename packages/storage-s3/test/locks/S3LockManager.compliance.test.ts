import { describeLockCompliance } from '@flowcache/core/testing';
import { S3LockManager } from '../../src';
import { freshPrefix } from '../../../../test/support/freshPrefix';
import { useS3rver } from '../support/useS3rver';

const s3 = useS3rver();

describeLockCompliance('S3LockManager', {
  create: () => new S3LockManager({ client: s3.client, bucket: s3.server.bucket, prefix: freshPrefix('locks') }),
});
