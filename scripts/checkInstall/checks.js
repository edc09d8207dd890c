// Step 3 of the install check: the applications, installed fresh from the tarballs with the latest peers, and
// what each must do (a cached call that hits the second time, a CLI listing, a type check).
const path = require('node:path');
const fs = require('node:fs');
const { addSources } = require('./freshApp');
const { CheckFailure, runOrFail } = require('./runCommand');
const { checkUiPages } = require('./uiPages');

const TSC = require.resolve('typescript/bin/tsc');
const TYPES_NODE = '@types/node@latest';

/**
 * The installs the checks use: the @flowcache packages (the ones they depend on are added), extra packages, and
 * whether the peers are installed at their latest version. Checks whose applications need the same packages
 * share one install, each in a directory of its own inside it (a CommonJS and an ES module application alike).
 */
const INSTALLS = {
  inversify: { packages: ['@flowcache/core', '@flowcache/storage-fs'], extras: [TYPES_NODE] },
  nestjs: { packages: ['@flowcache/nestjs', '@flowcache/core', '@flowcache/storage-fs'], extras: [TYPES_NODE] },
  s3: { packages: ['@flowcache/core', '@flowcache/storage-s3'], extras: [TYPES_NODE] },
  redis: { packages: ['@flowcache/core', '@flowcache/storage-fs', '@flowcache/lock-redis'], extras: [TYPES_NODE] },
  // As `npm install -g @flowcache/cli` would: npm picks the peers of its dependencies.
  cli: { packages: ['@flowcache/cli'], extras: [], latestPeers: false },
};

/** Compiles an application with the repository's TypeScript, against the packages installed in the application. */
function compile(app, project = 'tsconfig.json') {
  return runOrFail(`tsc -p ${project}`, process.execPath, [TSC, '-p', project], { cwd: app.directory });
}

/** Runs an application's compiled main with `args`; resolves with the line it prints. */
async function runMain(app, args, env) {
  const output = await runOrFail('running the application', process.execPath, ['dist/main.js', ...args], {
    cwd: app.directory,
    env,
  });
  return output.trim();
}

/** A check that compiles the application in apps/<template> and runs it with `args(context)`. */
function cachedCall({ id, title, install, template, type, args }) {
  return {
    id,
    title,
    install,
    async run(context) {
      const app = addSources(await context.install(install), template, { type });
      await compile(app);
      return { app, summary: await runMain(app, await args(context), context.env) };
    },
  };
}

/** Each check: `id`, a title, and `run(context)` resolving with a summary. `after` names a check it needs. */
const CHECKS = [
  cachedCall({
    id: 'cjs',
    title: '(a) CommonJS app: core + storage-fs + inversify',
    install: 'inversify',
    template: 'inversify-cjs',
    args: (context) => [path.join(context.work, 'cjs-store')],
  }),
  cachedCall({
    id: 'esm',
    title: '(b) ES module app ("type": "module", nodenext): core + storage-fs + inversify',
    install: 'inversify',
    template: 'inversify-esm',
    type: 'module',
    args: (context) => [path.join(context.work, 'esm-store')],
  }),
  cachedCall({
    id: 'nestjs',
    title: '(c) NestJS app: FlowcacheModule.forRoot + storage-fs',
    install: 'nestjs',
    template: 'nestjs',
    args: (context) => [path.join(context.work, 'nestjs-store')],
  }),
  cachedCall({
    id: 'nestjs-esm',
    title: '(c) NestJS app as an ES module, like the Nest 12 starter ("type": "module", nodenext)',
    install: 'nestjs',
    template: 'nestjs-esm',
    type: 'module',
    args: (context) => [path.join(context.work, 'nestjs-esm-store')],
  }),
  cachedCall({
    id: 's3',
    title: '(d) S3 app: storage-s3 + @aws-sdk/client-s3 against s3rver',
    install: 's3',
    template: 's3',
    args: async (context) => {
      const s3 = await context.s3rver();
      return [s3.endpoint, s3.bucket];
    },
  }),
  {
    id: 'redis',
    title: '(e) Redis lock app: lock-redis + ioredis against redis-server',
    install: 'redis',
    async run(context) {
      const redis = await context.redis();
      if (redis === undefined) return { skipped: true };
      return cachedCall({
        install: 'redis',
        template: 'redis',
        args: () => [redis.url, path.join(context.work, 'redis-store')],
      }).run(context);
    },
  },
  {
    id: 'cli',
    title: '(f) the CLI installed alone: flowcache ls and ui on the store of (a)',
    install: 'cli',
    after: 'cjs',
    async run(context) {
      const app = await context.install('cli');
      // A plain directory path, as a user types it; and no AWS SDK for a user of files only.
      const storage = path.join(context.work, 'cjs-store');
      if (fs.existsSync(path.join(app.directory, 'node_modules', '@aws-sdk'))) {
        throw new CheckFailure('installing the CLI alone brought in the AWS SDK (node_modules/@aws-sdk)', '');
      }
      const flowcache = path.join(app.directory, 'node_modules', '.bin', 'flowcache');
      const output = await runOrFail('flowcache ls', flowcache, ['ls', '--json', '--storage', storage], {
        cwd: app.directory,
        env: context.env,
      });
      const listing = JSON.parse(output.slice(output.indexOf('{')));
      const tasks = listing.records.map((record) => record.task);
      if (!tasks.includes('Reports.loadSales')) {
        throw new CheckFailure(`flowcache ls did not list the record (a) wrote to ${storage}`, output);
      }
      const served = await checkUiPages(flowcache, storage, { cwd: app.directory, env: context.env });
      return {
        app,
        summary:
          `flowcache ls --storage ${storage}: ${listing.records.length} ` +
          `record(s) of ${[...new Set(tasks)].join(', ')}; ${served}`,
      };
    },
  },
  {
    id: 'types',
    title:
      '(g) @flowcache/core/testing, /adapters and /records type-check under moduleResolution ' +
      'node10, node16, nodenext, bundler',
    after: 'cjs',
    async run(context, { cjs }) {
      const modes = ['node10', 'node16', 'nodenext', 'bundler'];
      await Promise.all(modes.map((mode) => compile(cjs.app, path.join('testing', `tsconfig.${mode}.json`))));
      return {
        summary:
          'testing/adapterTest.ts and testing/entryPoints.ts, in the application of (a), ' +
          `type-check under ${modes.join(', ')}`,
      };
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
      for (const dependency of Object.keys(tarballs.get(name)?.manifest.dependencies ?? {})) {
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

module.exports = { CHECKS, INSTALLS, tarballsOf };
