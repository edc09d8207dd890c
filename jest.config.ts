import type { Config } from 'jest';

const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      target: 'es2022',
      transform: { legacyDecorator: true, decoratorMetadata: true },
    },
    module: { type: 'commonjs' },
  },
];

/** What every project shares: how TypeScript is compiled and how the workspace packages resolve to their sources. */
const shared = {
  testEnvironment: 'node',
  setupFiles: ['<rootDir>/test/setupEnvironment.ts'],
  // `.mjs`: d3-scale ships its module as one.
  transform: { '^.+\\.(t|j)sx?$|^.+\\.mjs$': swc as never },
  // inversify 8, @inversifyjs/*, @nestjs/* 12 and d3's modules ship ESM only; jest needs them transformed to CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(inversify|@inversifyjs|@nestjs|d3-[a-z-]+|internmap)/)'],
  moduleNameMapper: {
    '^@flowcache/core$': '<rootDir>/packages/core/src/index.ts',
    '^@flowcache/core/(adapters|records|testing)$': '<rootDir>/packages/core/src/$1/index.ts',
    '^@flowcache/(storage-fs|storage-s3|lock-redis|cli|nestjs)$': '<rootDir>/packages/$1/src/index.ts',
  },
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
} satisfies Config;

const config: Config = {
  // Tests do real I/O (files, s3rver, redis-server, child processes) on a 2-core machine that may be busy: a
  // test that needs 1 s alone can take several under load. A hang still fails, after 30 s instead of 5.
  testTimeout: 30_000,
  // The CLI's tests run its real binary, which loads packages/cli/dist: build it first (incremental). Jest runs
  // a root-level globalSetup once per run, whichever projects are selected.
  globalSetup: '<rootDir>/test/globalSetup.ts',
  projects: [
    {
      ...shared,
      displayName: 'unit',
      roots: ['<rootDir>/packages', '<rootDir>/examples', '<rootDir>/test'],
      testMatch: ['**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/faults/'],
    },
    {
      ...shared,
      // Storage outages, killed writers and file system errors: what the engine does when the world breaks.
      displayName: 'faults',
      roots: ['<rootDir>/test/faults'],
      testMatch: ['<rootDir>/test/faults/**/*.test.ts'],
    },
  ],
};

export default config;
