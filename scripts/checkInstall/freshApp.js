// Step 2 of the install check: a fresh application in its own directory, with the tarballs it uses and the latest
// version of each of their peers installed by a plain `npm install`, as a new user would. A peer warning, an
// invalid tree (`npm ls`), or a @flowcache package fetched from anywhere but the tarballs fails it.
const fs = require('node:fs');
const path = require('node:path');
const { CheckFailure, runCommand, runOrFail } = require('./runCommand');

// npm reports a peer it could not satisfy as a warning (ERESOLVE overriding peer dependency) when it does not
// refuse the install outright; either is a failure here.
const PEER_TROUBLE = /peer|ERESOLVE/i;

/**
 * Creates the application `name` under `parent` and installs it; resolves with its directory, the versions of the
 * peers (and extras) it installed, and npm's other warnings. `addSources` then puts an application's code in it.
 *
 * @param tarballs the packed packages the application depends on (entries of `packTarballs`)
 * @param extras other packages to install (`@types/node@latest`)
 * @param latestPeers `false` leaves the peers to npm, as a global install of the CLI does
 */
async function freshApp({ parent, name, tarballs, extras = [], env, latestPeers = true }) {
  const directory = path.join(parent, name);
  fs.mkdirSync(directory, { recursive: true });
  const manifest = { name: `flowcache-install-check-${name}`, version: '0.0.0', private: true };
  fs.writeFileSync(path.join(directory, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  const peers = peersOf(tarballs);
  const latest = latestPeers ? peers.map((peer) => `${peer}@latest`) : [];
  const specs = [...tarballs.map((entry) => entry.tarball), ...latest, ...extras];
  const install = await runCommand('npm', ['install', '--no-audit', '--no-fund', ...specs], { cwd: directory, env });
  const warnings = npmWarnings(install.output);
  if (install.code !== 0)
    throw new CheckFailure(`npm install in ${name} failed (exit code ${install.code})`, install.output);
  if (peerTrouble(warnings).length > 0)
    throw new CheckFailure(`npm install in ${name} warned about peers`, install.output);
  await runOrFail(`npm ls in ${name} (the installed tree is not valid)`, 'npm', ['ls', '--all'], {
    cwd: directory,
    env,
  });
  checkTarballsUsed(directory, name);

  const installed = Object.fromEntries(
    [...peers, ...extras.map((spec) => spec.replace(/(?<=.)@[^@]*$/, ''))].map((peer) => [
      peer,
      installedVersion(directory, peer),
    ]),
  );
  return { directory, installed, warnings };
}

/**
 * Copies the application code in apps/<template> into its own directory inside the installed `app`, which
 * resolves packages from the app's node_modules. `type: "module"` makes it an ES module package of its own.
 * Resolves with the app, its directory now the code's.
 */
function addSources(app, template, { type } = {}) {
  const directory = path.join(app.directory, template);
  fs.cpSync(path.join(__dirname, 'apps', template), directory, { recursive: true });
  if (type !== undefined) fs.writeFileSync(path.join(directory, 'package.json'), `${JSON.stringify({ type })}\n`);
  return { ...app, directory };
}

/** npm's warnings, one line each (an EBADENGINE block of lines becomes one line). */
function npmWarnings(output) {
  const engines = [...output.matchAll(/package: '([^']+)',\s*npm warn EBADENGINE\s+required: \{ node: '([^']+)'/g)].map(
    ([, name, range]) => `npm warn EBADENGINE ${name} wants node ${range} (this is ${process.version})`,
  );
  const others = output.split('\n').filter((line) => /^npm warn/i.test(line) && !/EBADENGINE/.test(line));
  return [...others, ...engines];
}

/** The warnings that say a peer was not satisfied. */
function peerTrouble(warnings) {
  return warnings.filter((line) => PEER_TROUBLE.test(line));
}

/** The peers the tarballs need from the application: required ones, other than the @flowcache packages. */
function peersOf(tarballs) {
  const peers = new Set();
  for (const { manifest } of tarballs) {
    for (const peer of Object.keys(manifest.peerDependencies ?? {})) {
      if (!peer.startsWith('@flowcache/') && manifest.peerDependenciesMeta?.[peer]?.optional !== true) peers.add(peer);
    }
  }
  return [...peers].sort();
}

/** Fails when npm took a @flowcache package from a registry instead of the tarballs (every copy, nested too). */
function checkTarballsUsed(directory, name) {
  const lock = JSON.parse(fs.readFileSync(path.join(directory, 'package-lock.json'), 'utf8'));
  const foreign = Object.entries(lock.packages ?? {}).filter(
    ([location, entry]) =>
      /(^|\/)node_modules\/@flowcache\//.test(location) && !String(entry.resolved).startsWith('file:'),
  );
  if (foreign.length > 0) {
    throw new CheckFailure(
      `${name} installed @flowcache packages not from the tarballs: ` +
        `${foreign.map(([location, entry]) => `${location} (${entry.resolved})`).join(', ')}`,
    );
  }
}

function installedVersion(directory, name) {
  const manifest = path.join(directory, 'node_modules', name, 'package.json');
  return fs.existsSync(manifest) ? JSON.parse(fs.readFileSync(manifest, 'utf8')).version : '(not installed)';
}

module.exports = { addSources, freshApp, npmWarnings, peerTrouble };
