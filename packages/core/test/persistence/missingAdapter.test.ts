import { ConfigurationError, storageFromUrl } from '../../src';

// As if @flowcache/storage-s3 were not installed: requiring it fails the way Node does for a missing package.
jest.mock('@flowcache/storage-s3', () => {
  throw Object.assign(new Error("Cannot find module '@flowcache/storage-s3'"), { code: 'MODULE_NOT_FOUND' });
});

describe('a default storage URL whose adapter package is not installed', () => {
  it('fails with an error naming the package to install', () => {
    const resolve = () => storageFromUrl('s3://bucket/cache', 'FLOWCACHE_RESULTS_DEFAULT_STORAGE');
    expect(resolve).toThrow(ConfigurationError);
    expect(resolve).toThrow(
      'FLOWCACHE_RESULTS_DEFAULT_STORAGE is "s3://bucket/cache", which needs @flowcache/storage-s3: npm install @flowcache/storage-s3',
    );
  });
});
