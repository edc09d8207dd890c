import * as defaultKeys from '../src/defaultKeys';
import * as errors from '../src/errors';
import * as events from '../src/events';
import * as installing from '../src/installing';
import * as keys from '../src/keys';
import * as presets from '../src/presets';
import * as unitTesting from '../src/unitTesting';

// Each example checks its own claims with node:assert; running it is the test.
describe.each([
  ['installing', installing],
  ['defaultKeys', defaultKeys],
  ['keys', keys],
  ['events', events],
  ['unitTesting', unitTesting],
  ['presets', presets],
  ['errors', errors],
])('the %s example of the core README', (_name, example) => {
  it('runs and holds what it shows', async () => {
    await expect(example.main()).resolves.toBeUndefined();
  });
});
