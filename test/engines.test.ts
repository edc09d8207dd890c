import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import semver from 'semver';
import { installedRuntimeDependencies, readManifest } from './support/installedDependencies';
import { nodeRequirements, REQUIRE_ESM_NODE } from './support/nodeRequirement';

const ROOT = join(__dirname, '..');
const publishedPackages = readdirSync(join(ROOT, 'packages'))
  .map((name) => join(ROOT, 'packages', name))
  .filter((directory) => readManifest(directory).private !== true);

/** Each Node version range a package claims that one of the packages it loads excludes, said in one line. */
function falseClaims(directory: string): string[] {
  const declared = readManifest(directory).engines?.node ?? '*';
  return installedRuntimeDependencies(directory).flatMap(({ manifest, via }) =>
    nodeRequirements(manifest)
      .filter(({ range }) => !semver.subset(declared, range))
      .map(({ range, reason }) => `claims Node "${declared}", but ${via.join(' → ')} needs "${range}": ${reason}`),
  );
}

describe('the engines.node of every published package', () => {
  it.each(publishedPackages.map((directory) => [readManifest(directory).name, directory]))(
    '%s claims only Node versions on which it and everything it loads run',
    (_name, directory) => {
      const declared = readManifest(directory).engines?.node;
      expect(declared !== undefined && semver.validRange(declared) !== null).toBe(true);
      expect(installedRuntimeDependencies(directory).length).toBeGreaterThan(0);
      expect(falseClaims(directory)).toEqual([]);
    },
  );

  it('is checked against what a package really loads: an ES-module-only dependency needs require(esm)', () => {
    const core = join(ROOT, 'packages', 'core');
    const inversify = installedRuntimeDependencies(core).find(({ manifest }) => manifest.name === 'inversify');
    expect(inversify && nodeRequirements(inversify.manifest)).toEqual([
      { range: REQUIRE_ESM_NODE, reason: 'it ships ES modules only, loaded through require(esm)' },
    ]);
    expect(semver.subset('>=20.12', REQUIRE_ESM_NODE)).toBe(false);
    expect(semver.subset('^20.19.0 || >=22.12.0', REQUIRE_ESM_NODE)).toBe(true);
  });
});
