// Step 1 of the install check: build the published packages (without the outputs of deleted sources), `npm pack` each
// into a directory, and check what each
// tarball really holds: its LICENSE, README and every entry point it declares, and source maps with their sources.
const fs = require('node:fs');
const path = require('node:path');
const { pruneStaleOutputs } = require('./pruneStaleOutputs');
const { CheckFailure, runOrFail } = require('./runCommand');

const ROOT = path.resolve(__dirname, '..', '..');

/** The directories under packages/ that are published (not private), in name order. */
function publishedPackageDirectories() {
  return fs
    .readdirSync(path.join(ROOT, 'packages'))
    .sort()
    .map((name) => path.join('packages', name))
    .filter((directory) => {
      const manifest = path.join(ROOT, directory, 'package.json');
      return fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).private !== true;
    });
}

/**
 * Builds and packs every published package into `destination`. Resolves with one entry per package: its name,
 * the tarball's path, its manifest as packed, and the files it holds.
 */
async function packTarballs(destination) {
  const directories = publishedPackageDirectories();
  await runOrFail(
    'building the packages',
    process.execPath,
    [require.resolve('typescript/bin/tsc'), '-b', ...directories],
    {
      cwd: ROOT,
    },
  );
  for (const directory of directories) pruneStaleOutputs(path.join(ROOT, directory));
  fs.mkdirSync(destination, { recursive: true });
  const workspaces = directories.flatMap((directory) => ['--workspace', directory]);
  const output = await runOrFail(
    'npm pack',
    'npm',
    ['pack', ...workspaces, '--pack-destination', destination, '--json', '--loglevel=error'],
    {
      cwd: ROOT,
    },
  );
  const packed = JSON.parse(output.slice(output.indexOf('[')));
  return Promise.all(
    packed.map(async (entry) => {
      const tarball = path.join(destination, entry.filename);
      const unpacked = path.join(destination, 'unpacked', entry.filename.replace(/\.tgz$/, ''));
      fs.mkdirSync(unpacked, { recursive: true });
      await runOrFail(`unpacking ${entry.filename}`, 'tar', ['-xzf', tarball, '-C', unpacked]);
      const root = path.join(unpacked, 'package');
      const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
      const files = entry.files.map((file) => file.path).sort();
      checkContents(entry.name, root, manifest, files);
      return { name: entry.name, tarball, manifest, files, size: entry.size, unpackedSize: entry.unpackedSize };
    }),
  );
}

/** Throws a `CheckFailure` listing what the unpacked tarball at `root` lacks. */
function checkContents(name, root, manifest, files) {
  const problems = [];
  for (const required of ['LICENSE', 'README.md', 'package.json']) {
    if (!files.includes(required)) problems.push(`no ${required}`);
  }
  for (const target of declaredFiles(manifest)) {
    if (!fs.existsSync(path.join(root, target)))
      problems.push(`package.json points at ${target}, which it does not hold`);
  }
  for (const map of files.filter((file) => file.endsWith('.js.map'))) {
    const { sources = [], sourcesContent = [] } = JSON.parse(fs.readFileSync(path.join(root, map), 'utf8'));
    const withContent = sources.filter((_, index) => typeof sourcesContent[index] === 'string').length;
    if (withContent !== sources.length)
      problems.push(`${map} points at sources it does not carry (${sources.join(', ')})`);
  }
  if (problems.length > 0)
    throw new CheckFailure(`the tarball of ${name}:\n  - ${problems.slice(0, 10).join('\n  - ')}`);
}

/** Every file a manifest names: main, types, bin, the targets of exports and typesVersions. */
function declaredFiles(manifest) {
  const targets = [manifest.main, manifest.types];
  const bins = typeof manifest.bin === 'string' ? [manifest.bin] : Object.values(manifest.bin ?? {});
  const collect = (value) => {
    if (typeof value === 'string') targets.push(value);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(manifest.exports);
  collect(manifest.typesVersions);
  return [...targets, ...bins].filter((target) => typeof target === 'string' && !target.includes('*'));
}

module.exports = { checkContents, packTarballs, ROOT };
