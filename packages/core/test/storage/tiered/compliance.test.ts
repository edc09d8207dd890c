import { FileSystemStorage } from '@flowcache/storage-fs';
import { MemoryStorage, TieredStorage } from '../../../src';
import { describeStorageCompliance } from '../../../src/testing';
import { makeTemporaryDirectory, removeDirectory } from '../../../../../test/support/temporaryDirectory';

describeStorageCompliance('TieredStorage (memory in front of memory)', {
  create: () => new TieredStorage({ local: new MemoryStorage({ name: 'local' }), remote: new MemoryStorage() }),
});

const directories = new Map<unknown, string>();
describeStorageCompliance('TieredStorage (files in front of memory)', {
  async create() {
    const basePath = await makeTemporaryDirectory('tiered');
    const storage = new TieredStorage({ local: new FileSystemStorage({ basePath }), remote: new MemoryStorage() });
    directories.set(storage, basePath);
    return storage;
  },
  async destroy(storage) {
    await removeDirectory(directories.get(storage)!);
    directories.delete(storage);
  },
});
