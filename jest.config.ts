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

const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/examples', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  setupFiles: ['<rootDir>/test/setupEnvironment.ts'],
  // The CLI's tests run its real binary, which loads packages/cli/dist: build it first (incremental).
  globalSetup: '<rootDir>/test/globalSetup.ts',
  transform: { '^.+\\.(t|j)sx?$': swc as never },
  // inversify 8, @inversifyjs/* and @nestjs/* 12 ship ESM only; jest needs them transformed to CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(inversify|@inversifyjs|@nestjs)/)'],
  moduleNameMapper: {
    '^@flowcache/core$': '<rootDir>/packages/core/src/index.ts',
    '^@flowcache/core/testing$': '<rootDir>/packages/core/src/testing/index.ts',
    '^@flowcache/(storage-fs|storage-s3|lock-redis|cli|nestjs)$': '<rootDir>/packages/$1/src/index.ts',
  },
  modulePathIgnorePatterns: ['<rootDir>/.*/dist/'],
};

export default config;
