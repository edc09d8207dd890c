import { describeStorageCompliance } from '@flowcache/core/testing';
import { FileSystemStorage } from '../src';
import { makeTemporaryDirectory, removeDirectory } from './support';

describeStorageCompliance('FileSystemStorage', {
  create: async () => new FileSystemStorage({ basePath: await makeTemporaryDirectory() }),
  destroy: (storage) => removeDirectory((storage as FileSystemStorage).basePath),
});

describeStorageCompliance('FileSystemStorage with fsync', {
  create: async () => new FileSystemStorage({ basePath: await makeTemporaryDirectory(), fsync: true }),
  destroy: (storage) => removeDirectory((storage as FileSystemStorage).basePath),
});
