import * as defaultKeys from '../src/defaultKeys';
import * as entryPoints from '../src/entryPoints';
import * as errors from '../src/errors';
import * as events from '../src/events';
import * as expiration from '../src/expiration';
import * as explain from '../src/explain';
import * as flowRunFilters from '../src/flowRunFilters';
import * as findingRecords from '../src/findingRecords';
import * as hostileRecords from '../src/hostileRecords';
import * as inspection from '../src/inspection';
import * as installing from '../src/installing';
import * as invalidation from '../src/invalidation';
import * as keys from '../src/keys';
import * as locks from '../src/locks';
import * as lockWaiting from '../src/lockWaiting';
import * as lockWatching from '../src/lockWatching';
import * as policies from '../src/policies';
import * as persistence from '../src/persistence';
import * as plugin from '../src/plugin';
import * as presets from '../src/presets';
import * as records from '../src/records';
import * as resume from '../src/resume';
import * as serializable from '../src/serializable';
import * as signedRecords from '../src/signedRecords';
import * as storage from '../src/storage';
import * as storageFailures from '../src/storageFailures';
import * as transactions from '../src/transactions';
import * as unitTesting from '../src/unitTesting';

// Each example checks its own claims with node:assert; running it is the test.
describe.each([
  ['installing', installing],
  ['plugin', plugin],
  ['defaultKeys', defaultKeys],
  ['keys', keys],
  ['policies', policies],
  ['expiration', expiration],
  ['explain', explain],
  ['events', events],
  ['unitTesting', unitTesting],
  ['presets', presets],
  ['storage', storage],
  ['storageFailures', storageFailures],
  ['persistence', persistence],
  ['records', records],
  ['signedRecords', signedRecords],
  ['hostileRecords', hostileRecords],
  ['resume', resume],
  ['locks', locks],
  ['lockWaiting', lockWaiting],
  ['lockWatching', lockWatching],
  ['serializable', serializable],
  ['transactions', transactions],
  ['inspection', inspection],
  ['flowRunFilters', flowRunFilters],
  ['findingRecords', findingRecords],
  ['invalidation', invalidation],
  ['errors', errors],
  ['entryPoints', entryPoints],
])('the %s example of the core README', (_name, example) => {
  it('runs and holds what it shows', async () => {
    await expect(example.main()).resolves.toBeUndefined();
  });
});
