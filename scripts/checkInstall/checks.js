// Step 3 of the install check: the applications, each installed fresh from the tarballs with the latest peers,
// and what each must do (a cached call that hits the second time, a CLI listing, a type check).
const path = require('node:path');
const { pathToFileURL } = require('node:url');
const { freshApp } = require('./freshApp');
const { CheckFailure, runOrFail } = require('./runCommand');

const TSC = require.resolve('typescript/bin/tsc');
const TYPES_NODE = '@types/node@latest';

/** Compiles an application with the repository's TypeScript, against the packages installed in the application. */
function compile(app, project = 'tsconfig.json') {
  return runOrFail(`tsc -p ${project}`, process.execPath, [TSC, '-p', project], { cwd: app.directory });
}

/** Runs an application's compiled main with `args`; resolves with the line it prints. */
async function runMain(app, args, env) {
  const output = await runOrFail('running the application', process.execPath, ['dist/main.js', ...args], { cwd: app.directory, env });
  return output.trim();
}

/**
 * Each check: `id`, a title, the packages it installs, and `run(context)` resolving with what the application
 * printed. `after` names a check whose result it needs.
 */
const CHECKS = [
  {
    id: 'cjs',
    title: '(a) CommonJS app: core + storage-fs + inversify',
    packages: ['@flowcache/core', '@flowcache/storage-fs'],
    async run(context) {
      const app = await context.install({ template: 'inversify-cjs', extras: [TYPES_NODE] });
      await compile(app);
      const store = path.join(context.work, 'cjs-store');
      return { app, store, summary: await runMain(app, [store], context.env) };
    },
  },
  {
    id: 'esm',
    title: '(b) ES module app ("type": "module", nodenext): core + storage-fs + inversify',
    packages: ['@flowcache/core', '@flowcache/storage-fs'],
    async run(context) {
      const app = await context.install({ template: 'inversify-esm', extras: [TYPES_NODE], type: 'module' });
      await compile(app);
      return { app, summary: await runMain(app, [path.join(context.work, 'esm-store')], context.env) };
    },
  },
  {
    id: 'nestjs',
    title: '(c) NestJS app: FlowcacheModule.forRoot + storage-fs',
    packages: ['@flowcache/nestjs', '@flowcache/core', '@flowcache/storage-fs'],
    async run(context) {
      const app = await context.install({ template: 'nestjs', extras: [TYPES_NODE] });
      await compile(app);
      return { app, summary: await runMain(app, [path.join(context.work, 'nestjs-store')], context.env) };
    },
  },
  {
    id: 'nestjs-esm',
    title: '(c) NestJS app as an ES module, like the Nest 12 starter ("type": "module", nodenext)',
    packages: ['@flowcache/nestjs', '@flowcache/core', '@flowcache/storage-fs'],
    async run(context) {
      const app = await context.install({ template: 'nestjs-esm', extras: [TYPES_NODE], type: 'module' });
      await compile(app);
      return { app, summary: await runMain(app, [path.join(context.work, 'nestjs-esm-store')], context.env) };
    },
  },
  {
    id: 's3',
    title: '(d) S3 app: storage-s3 + @aws-sdk/client-s3 against s3rver',
    packages: ['@flowcache/core', '@flowcache/storage-s3'],
    async run(context) {
      const app = await context.install({ template: 's3', extras: [TYPES_NODE] });
      await compile(app);
      const s3 = await context.s3rver();
      return { app, summary: await runMain(app, [s3.endpoint, s3.bucket], context.env) };
    },
  },
  {
    id: 'redis',
    title: '(e) Redis lock app: lock-redis + ioredis against redis-server',
    packages: ['@flowcache/core', '@flowcache/storage-fs', '@flowcache/lock-redis'],
    async run(context) {
      const redis = await context.redis();
      if (redis === undefined) return { skipped: true };
      const app = await context.install({ template: 'redis', extras: [TYPES_NODE] });
      await compile(app);
      return { app, summary: await runMain(app, [redis.url, path.join(context.work, 'redis-store')], context.env) };
    },
  },
  {
    id: 'cli',
    title: '(f) the CLI installed alone: flowcache ls on the store of (a)',
    packages: ['@flowcache/cli'],
    latestPeers: false,
    after: 'cjs',
    async run(context, { cjs }) {
      const app = await context.install({});
      const storage = pathToFileURL(cjs.store).href;
      const flowcache = path.join(app.directory, 'node_modules', '.bin', 'flowcache');
      const output = await runOrFail('flowcache ls', flowcache, ['ls', '--json', '--storage', storage], { cwd: app.directory, env: context.env });
      const listing = JSON.parse(output.slice(output.indexOf('{')));
      const tasks = listing.records.map((record) => record.task);
      if (!tasks.includes('Reports.loadSales')) {
        throw new CheckFailure(`flowcache ls did not list the record (a) wrote to ${storage}`, output);
      }
      return { app, summary: `flowcache ls --storage ${storage}: ${listing.records.length} record(s) of ${[...new Set(tasks)].join(', ')}` };
    },
  },
  {
    id: 'types',
    title: '(g) @flowcache/core/testing type-checks under moduleResolution node10, node16, nodenext, bundler',
    packages: [],
    after: 'cjs',
    async run(context, { cjs }) {
      const modes = ['node10', 'node16', 'nodenext', 'bundler'];
      await Promise.all(modes.map((mode) => compile(cjs.app, path.join('testing', `tsconfig.${mode}.json`))));
      return { summary: `testing/adapterTest.ts, in the application of (a), type-checks under ${modes.join(', ')}` };
    },
  },
];

/**
 * The tarballs of `names` and of the @flowcache packages they depend on, which npm would otherwise look for in
 * the registry.
 */
function tarballsOf(names, tarballs) {
  const wanted = new Set(names);
  for (let added = true; added; ) {
    added = false;
    for (const name of [...wanted]) {
      for (const dependency of Object.keys(tarballs.get(name).manifest.dependencies ?? {})) {
        if (dependency.startsWith('@flowcache/') && !wanted.has(dependency)) {
          wanted.add(dependency);
          added = true;
        }
      }
    }
  }
  return [...wanted].map((name) => {
    const entry = tarballs.get(name);
    if (entry === undefined) throw new CheckFailure(`no tarball of ${name} was packed`);
    return entry;
  });
}

/** Installs the check's application from its tarballs, in a directory named after the check. */
function installerFor(check, context) {
  return ({ template, extras, type }) =>
    freshApp({
      parent: context.work,
      name: check.id,
      template,
      tarballs: tarballsOf(check.packages, context.tarballs),
      extras,
      type,
      env: context.env,
      latestPeers: check.latestPeers !== false,
    });
}

module.exports = { CHECKS, installerFor };
