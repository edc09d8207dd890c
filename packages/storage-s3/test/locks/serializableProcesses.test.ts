import { join } from 'node:path';
import { itRunsSerializableAcrossProcesses } from '../../../../test/support/serializableProcesses';
import { freshPrefix } from '../../../../test/support/freshPrefix';
import { useS3rver } from '../support/useS3rver';

describe('SERIALIZABLE tasks in several processes sharing an S3 bucket', () => {
  const s3 = useS3rver();
  itRunsSerializableAcrossProcesses(join(__dirname, 'fixtures', 'serializableWorker.ts'), () => [
    s3.server.endpoint,
    s3.server.bucket,
    freshPrefix('serializable'),
  ]);
});
