import { ConfigurationError, StoragePackageMissingError, type storageFromUrl } from '../../src';

// Node's own error for a package that cannot be resolved, and for one that is there but misses a dependency.
const notFound = (name: string, requireStack: string[] = []) =>
  Object.assign(
    new Error(
      [
        `Cannot find module '${name}'`,
        ...(requireStack.length > 0 ? ['Require stack:', ...requireStack.map((file) => `- ${file}`)] : []),
      ].join('\n'),
    ),
    {
      code: 'MODULE_NOT_FOUND',
    },
  );

function withS3Package(failure: Error, use: (load: typeof storageFromUrl) => void): void {
  jest.isolateModules(() => {
    jest.doMock('@flowcache/storage-s3', () => {
      throw failure;
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    use((require('../../src') as typeof import('../../src')).storageFromUrl);
  });
}

describe('a storage URL whose adapter package is not installed', () => {
  it('fails with a typed error naming the package to install', () => {
    withS3Package(notFound('@flowcache/storage-s3'), (load) => {
      let thrown: unknown;
      try {
        load('s3://bucket/cache', 'FLOWCACHE_RESULTS_DEFAULT_STORAGE');
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({
        name: 'StoragePackageMissingError',
        packageName: '@flowcache/storage-s3',
        url: 's3://bucket/cache',
        message:
          'FLOWCACHE_RESULTS_DEFAULT_STORAGE is "s3://bucket/cache", which ' +
          'needs @flowcache/storage-s3: npm install @flowcache/storage-s3',
      });
    });
  });

  it('is a ConfigurationError, exported for programs that tell it apart', () => {
    expect(new StoragePackageMissingError('s3://b', '@flowcache/storage-s3', 'the setting')).toBeInstanceOf(
      ConfigurationError,
    );
  });

  it('is not blamed for a dependency missing inside an installed adapter package: Node’s error is kept', () => {
    const sdkMissing = notFound('@aws-sdk/client-s3', ['/app/node_modules/@flowcache/storage-s3/dist/index.js']);
    withS3Package(sdkMissing, (load) => {
      expect(() => load('s3://bucket/cache', 'the setting')).toThrow(sdkMissing);
    });
  });
});
