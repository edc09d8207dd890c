// `npm run check:install`: what a new user gets from npm. Builds and packs every package, installs the tarballs
// into fresh applications (CommonJS, ES module, NestJS in both, S3, Redis locks, the CLI alone) with the latest
// version of each peer, by a plain `npm install`, and runs a cached call in each that must hit the second time.
// Prints each application's peer versions; exits non-zero on any failure. Uses the machine's npm cache.
// Without redis-server the Redis check is skipped, or fails when CI=true, as the tests do.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { CHECKS, INSTALLS, tarballsOf } = require('./checkInstall/checks');
const { freshApp } = require('./checkInstall/freshApp');
const { packTarballs } = require('./checkInstall/packTarballs');
const { killRunningCommands, runCommand } = require('./checkInstall/runCommand');
const { redisServerMissing, startRedisServer, startS3rver } = require('./checkInstall/services');

const started = performance.now();
const seconds = () => `${((performance.now() - started) / 1000).toFixed(1)} s`;

/** The environment of npm and the applications: a home of their own, no options meant for this script's node. */
function childEnvironment(work) {
  const env = {
    ...process.env,
    FLOWCACHE_HOME: path.join(work, 'flowcache-home'),
    npm_config_update_notifier: 'false',
  };
  delete env.NODE_OPTIONS;
  return env;
}

/** Installs each of `INSTALLS` once, when the first check asks for it. */
function installOnDemand(work, env, tarballs) {
  const installs = new Map();
  return (key) => {
    if (!installs.has(key)) {
      const { packages, extras, latestPeers } = INSTALLS[key];
      installs.set(
        key,
        (async () =>
          freshApp({ parent: work, name: key, tarballs: tarballsOf(packages, tarballs), extras, env, latestPeers }))(),
      );
    }
    return installs.get(key);
  };
}

/** Starts a server once, when the first check asks for it, and remembers how to stop it. */
function onDemand(start, stoppers) {
  let server;
  return () => {
    server ??= start().then((started) => {
      if (started !== undefined) stoppers.push(() => started.stop?.() ?? started.close());
      return started;
    });
    return server;
  };
}

async function startRedisUnlessMissing() {
  const missing = redisServerMissing();
  if (missing === undefined) return startRedisServer();
  if (process.env.CI === 'true') throw new Error(missing);
  console.warn(`\n!!! SKIPPED the Redis lock app: ${missing}\n`);
  return undefined;
}

/** The checks named in `ids` and those they run after, in their order; all of them when none is named. */
function selectChecks(ids) {
  const unknown = ids.filter((id) => !CHECKS.some((check) => check.id === id));
  if (unknown.length > 0)
    throw new Error(`no check ${unknown.join(', ')}: the checks are ${CHECKS.map((check) => check.id).join(', ')}`);
  const wanted = new Set(ids.length === 0 ? CHECKS.map((check) => check.id) : ids);
  for (const check of CHECKS) if (wanted.has(check.id) && check.after !== undefined) wanted.add(check.after);
  return CHECKS.filter((check) => wanted.has(check.id));
}

function report(check, outcome) {
  const took = outcome.seconds === undefined ? '' : ` (${outcome.seconds.toFixed(1)} s)`;
  const lines = [`${outcome.error ? 'FAIL' : outcome.skipped ? 'SKIP' : 'ok  '} ${check.title}${took}`];
  const installed = outcome.app?.installed ?? {};
  if (Object.keys(installed).length > 0) {
    lines.push(
      `     installed: ${Object.entries(installed)
        .map(([name, version]) => `${name}@${version}`)
        .join(' ')}`,
    );
  }
  for (const warning of outcome.app?.warnings ?? []) lines.push(`     npm: ${warning}`);
  if (outcome.summary) lines.push(`     ${outcome.summary.split('\n').join('\n     ')}`);
  if (outcome.error)
    lines.push(
      `     ${String(outcome.error.message ?? outcome.error)
        .split('\n')
        .join('\n     ')}`,
    );
  console.log(lines.join('\n'));
}

async function main() {
  // `npm run check:install -- nestjs s3` runs only those checks (and the ones they need); `--keep` keeps the
  // applications' directory.
  const keep = process.argv.includes('--keep');
  const selected = selectChecks(process.argv.slice(2).filter((argument) => argument !== '--keep'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'flowcache-install-check-'));
  const stoppers = [];
  let failed = false;
  try {
    const npmVersion = (await runCommand('npm', ['--version'])).output.trim();
    const packed = await packTarballs(path.join(work, 'tarballs'));
    console.log(`node ${process.version}, npm ${npmVersion}; packed in ${seconds()} (${work}):`);
    for (const entry of packed) {
      console.log(
        `  ${path.basename(entry.tarball)}: ${entry.files.length} ` +
          `files, ${entry.size} bytes (${entry.unpackedSize} unpacked)`,
      );
    }
    const env = childEnvironment(work);
    const context = {
      work,
      env,
      install: installOnDemand(work, env, new Map(packed.map((entry) => [entry.name, entry]))),
      s3rver: onDemand(() => startS3rver(), stoppers),
      redis: onDemand(startRedisUnlessMissing, stoppers),
    };
    const results = new Map();
    for (const check of selected) {
      results.set(
        check.id,
        (async () => {
          const needed = check.after === undefined ? {} : { [check.after]: await results.get(check.after) };
          if (Object.values(needed).some((outcome) => outcome.error || outcome.skipped)) {
            return { error: new Error(`needs ${check.after}, which did not pass`) };
          }
          const checkStarted = performance.now();
          const outcome = await check.run(context, needed);
          return { ...outcome, seconds: (performance.now() - checkStarted) / 1000 };
        })().catch((error) => ({ error })),
      );
    }
    for (const check of selected) {
      const outcome = await results.get(check.id);
      report(check, outcome);
      failed ||= Boolean(outcome.error);
    }
  } catch (error) {
    console.error(error);
    failed = true;
  } finally {
    await Promise.allSettled(stoppers.map((stop) => stop()));
  }
  if (failed) {
    console.error(`\nthe install check FAILED after ${seconds()}; the applications are in ${work}`);
    process.exitCode = 1;
  } else {
    console.log(`\nthe install check passed in ${seconds()}`);
    if (keep) console.log(`the applications are in ${work}`);
    // rm -rf takes a third of the time of fs.rm on the applications' tens of thousands of files.
    else await runCommand('rm', ['-rf', work]);
  }
}

// The commands run in process groups of their own, which Ctrl-C does not reach: stop them, then exit (the servers
// are stopped by their own exit hooks).
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    killRunningCommands();
    process.exit(130);
  });
}

main().catch((error) => {
  console.error(error.message);
  process.exitCode = 1;
});
