import { describe } from '@jest/globals';
import { S3LockManager, S3Storage } from '../../src';
import { freshPrefix } from '../../../../test/support/freshPrefix';
import { itFencesAStaleHolder } from '../../../../test/support/staleHolder';
import { startTcpProxy } from '../../../../test/support/tcpProxy';
import { useS3rver } from '../support/useS3rver';

const s3 = useS3rver();

// Results and locks in one bucket, as a fleet has them; the first process reaches it through a proxy the cut-off
// scenario stops, the others directly.
describe('a SERIALIZABLE holder that lost its lease, on S3Storage with S3LockManager (s3rver)', () => {
  itFencesAStaleHolder(
    async () => {
      const { bucket, endpoint } = s3.server;
      const prefix = freshPrefix('results');
      const locksPrefix = freshPrefix('locks');
      const proxy = await startTcpProxy(Number(new URL(endpoint).port));
      const proxied = s3.server.createClient({ endpoint: `http://127.0.0.1:${proxy.port}` });
      return {
        storage: new S3Storage({ client: s3.client, bucket, prefix }),
        lockManager: () => new S3LockManager({ client: s3.client, bucket, prefix: locksPrefix }),
        cutOffStorage: () => new S3Storage({ client: proxied, bucket, prefix }),
        cutOffLockManager: () => new S3LockManager({ client: proxied, bucket, prefix: locksPrefix }),
        cutOff: async () => {
          proxy.cut();
          return async () => proxy.restore();
        },
        close: () => proxy.close(),
      };
    },
    { cutOff: true },
  );
});
