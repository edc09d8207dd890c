import * as root from '@flowcache/core';
import * as adapters from '@flowcache/core/adapters';
import * as records from '@flowcache/core/records';

/** What the entries of @flowcache/core export at run time (the types leave no trace there). */
const entries = { '@flowcache/core': root, '@flowcache/core/adapters': adapters, '@flowcache/core/records': records };
const namesOf = (entry: object): string[] => Object.keys(entry).filter((name) => name !== '__esModule');

describe('the entry points of @flowcache/core', () => {
  it('export each name from one entry only, apart from the error classes', () => {
    const owners = new Map<string, string[]>();
    for (const [entry, exported] of Object.entries(entries)) {
      for (const name of namesOf(exported)) owners.set(name, [...(owners.get(name) ?? []), entry]);
    }
    const shared = [...owners].filter(([, where]) => where.length > 1).map(([name]) => name);
    expect(shared.sort()).toEqual([
      'ConfigurationError',
      'CorruptRecordError',
      'DecompressedTooLargeError',
      'FlowcacheError',
      'LockLostError',
      'ObjectTooLargeError',
      'RecordVerificationError',
      'SerializerNotAllowedError',
      'StorageError',
      'StorageKeyError',
    ]);
  });

  it('share the same error classes, so an error from one entry is an instance of the class of another', () => {
    const shared = { ...adapters, ...records } as Record<string, unknown>;
    for (const name of ['StorageError', 'StorageKeyError', 'CorruptRecordError', 'RecordVerificationError']) {
      expect(shared[name]).toBe((root as Record<string, unknown>)[name]);
    }
    expect(new adapters.StorageKeyError('a//b', 'it has an empty segment')).toBeInstanceOf(root.StorageKeyError);
    expect(new records.CorruptRecordError('k', 'it is truncated')).toBeInstanceOf(root.FlowcacheError);
  });

  it('leave the codec, the inspector and the adapter helpers out of the application entry', () => {
    const applicationNames = namesOf(root);
    for (const name of [
      'decodeRecord',
      'CacheInspector',
      'previewValue',
      'checkStorageKey',
      'pollUntil',
      'errorMessage',
    ]) {
      expect(applicationNames).not.toContain(name);
    }
    expect(namesOf(adapters)).toEqual(expect.arrayContaining(['checkStorageKey', 'pollUntil', 'errorMessage']));
    expect(namesOf(records)).toEqual(expect.arrayContaining(['decodeRecord', 'CacheInspector', 'previewValue']));
  });

  it('offer no public Transaction constructor: transactions come from transaction() and the engine', () => {
    // @ts-expect-error the constructor is private (the type check fails if it becomes public again)
    expect(() => new root.Transaction()).toThrow(TypeError);
  });
});
