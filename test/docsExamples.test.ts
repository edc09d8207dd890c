import '../docs/examples/rowLockManager.test';
import '../docs/examples/tableStorage.test';
import * as checkedArguments from '../docs/examples/checkedArguments';
import * as containerSurprises from '../docs/examples/containerSurprises';
import * as fromCacheManager from '../docs/examples/fromCacheManager';
import * as fromPrefect from '../docs/examples/fromPrefect';
import * as hashingSurprises from '../docs/examples/hashingSurprises';
import * as isolationLevels from '../docs/examples/isolationLevels';
import * as keyScopes from '../docs/examples/keyScopes';
import * as persistLatency from '../docs/examples/persistLatency';
import * as resultValues from '../docs/examples/resultValues';
import * as rowLockManager from '../docs/examples/rowLockManager';
import * as sideEffects from '../docs/examples/sideEffects';
import * as tableStorage from '../docs/examples/tableStorage';
import * as transactionScopes from '../docs/examples/transactionScopes';
import * as unhashableInputs from '../docs/examples/unhashableInputs';
import * as whyMiss from '../docs/examples/whyMiss';

// Each docs example checks its own claims with node:assert; running it is the test. The compliance suites a
// docs page shows are registered by importing their files.
describe.each([
  ['keyScopes', keyScopes],
  ['transactionScopes', transactionScopes],
  ['isolationLevels', isolationLevels],
  ['unhashableInputs', unhashableInputs],
  ['persistLatency', persistLatency],
  ['sideEffects', sideEffects],
  ['hashingSurprises', hashingSurprises],
  ['containerSurprises', containerSurprises],
  ['resultValues', resultValues],
  ['whyMiss', whyMiss],
  ['fromPrefect', fromPrefect],
  ['fromCacheManager', fromCacheManager],
  ['tableStorage', tableStorage],
  ['rowLockManager', rowLockManager],
  ['checkedArguments', checkedArguments],
])('the %s example of docs/', (_name, example) => {
  it('runs and holds what it shows', async () => {
    await expect(example.main()).resolves.toBeUndefined();
  });
});
