import { ConfigurationError, FlowcacheError, ObjectTooLargeError, StorageError } from '../src';

/** The error classes of a second copy of @flowcache/core, as a storage package installed apart brings one. */
function anotherCopy(): typeof import('../src') {
  let copy: typeof import('../src') | undefined;
  jest.isolateModules(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    copy = require('../src') as typeof import('../src');
  });
  return copy!;
}

describe('errors thrown by another copy of @flowcache/core', () => {
  const other = anotherCopy();

  it('are instances of the same classes here, and of their base classes', () => {
    expect(other.ObjectTooLargeError).not.toBe(ObjectTooLargeError);
    const tooLarge = new other.ObjectTooLargeError('s3://bucket/cache', 'sales/1', 464, 100);
    expect(tooLarge instanceof ObjectTooLargeError).toBe(true);
    expect(tooLarge instanceof FlowcacheError).toBe(true);
    expect(
      new other.StorageError('s3://bucket/cache', 'get', 'sales/1', new Error('offline')) instanceof StorageError,
    ).toBe(true);
    expect(new ObjectTooLargeError('file:///tmp', 'k', 2, 1) instanceof other.ObjectTooLargeError).toBe(true);
  });

  it('are not instances of other flowcache classes, nor are look-alikes of flowcache errors', () => {
    expect(new other.ObjectTooLargeError('s3://bucket/cache', 'sales/1', 464, 100) instanceof StorageError).toBe(false);
    expect(new other.ConfigurationError('bad setting') instanceof ObjectTooLargeError).toBe(false);
    class StorageErrorLookalike extends Error {}
    Object.defineProperty(StorageErrorLookalike, 'name', { value: 'StorageError' });
    expect(new StorageErrorLookalike('offline') instanceof StorageError).toBe(false);
    expect(new Error('x') instanceof FlowcacheError).toBe(false);
    for (const value of [null, undefined, 'StorageError', 42, Object.create(null)])
      expect(value instanceof ConfigurationError).toBe(false);
  });
});
