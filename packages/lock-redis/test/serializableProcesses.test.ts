import { join } from 'node:path';
import { itRunsSerializableAcrossProcesses } from '../../../test/support/serializableProcesses';
import { describeWithRedis, freshPrefix } from './support/useRedisServer';

describeWithRedis('SERIALIZABLE tasks in several processes sharing a Redis server', (redis) => {
  itRunsSerializableAcrossProcesses(join(__dirname, 'fixtures', 'serializableWorker.ts'), () => [
    redis.url,
    freshPrefix('serializable'),
  ]);
});
