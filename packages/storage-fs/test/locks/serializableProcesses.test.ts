import { join } from 'node:path';
import { itRunsSerializableAcrossProcesses } from '../../../../test/support/serializableProcesses';

describe('SERIALIZABLE tasks in several processes sharing files', () => {
  // A killed holder's lock is taken over at once here: its process is gone, on the same host.
  itRunsSerializableAcrossProcesses(join(__dirname, 'fixtures', 'serializableWorker.ts'));
});
