// Lets a child process started by a test run the repository's TypeScript sources directly, as jest does:
// `node -r ./test/support/registerTypeScript.js some.ts`. Compiles .ts files with swc (same settings as
// jest.config.ts) and maps the @flowcache/* packages to their sources, so no build is needed.
const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');
const { transformSync } = require('@swc/core');

const root = path.resolve(__dirname, '..', '..');
const aliases = {
  '@flowcache/core': 'packages/core/src/index.ts',
  '@flowcache/core/adapters': 'packages/core/src/adapters/index.ts',
  '@flowcache/core/records': 'packages/core/src/records/index.ts',
  '@flowcache/core/testing': 'packages/core/src/testing/index.ts',
  '@flowcache/storage-fs': 'packages/storage-fs/src/index.ts',
  '@flowcache/storage-s3': 'packages/storage-s3/src/index.ts',
  '@flowcache/lock-redis': 'packages/lock-redis/src/index.ts',
  '@flowcache/cli': 'packages/cli/src/index.ts',
  '@flowcache/nestjs': 'packages/nestjs/src/index.ts',
};

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveAlias(request, ...rest) {
  const alias = aliases[request];
  return resolveFilename.call(this, alias === undefined ? request : path.join(root, alias), ...rest);
};

require.extensions['.ts'] = (module, filename) => {
  const { code } = transformSync(fs.readFileSync(filename, 'utf8'), {
    filename,
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      target: 'es2022',
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  });
  module._compile(code, filename);
};
