import { describeStorageCompliance } from '@flowcache/core/testing';
import { FileSystemStorage } from '../src';
import { makeTemporaryDirectory, removeDirectory } from './support';

describeStorageCompliance('FileSystemStorage', {
  create: async () => new FileSystemStorage({ basePath: await makeTemporaryDirectory('storage-fs') }),
  destroy: (storage) => removeDirectory((storage as FileSystemStorage).basePath),
});

describeStorageCompliance('FileSystemStorage with fsync', {
  create: async () => new FileSystemStorage({ basePath: await makeTemporaryDirectory('storage-fs'), fsync: true }),
  destroy: (storage) => removeDirectory((storage as FileSystemStorage).basePath),
});

// Every write asynchronous, as on a network file system; in the first configuration, writes in a directory written
// to before are synchronous.
describeStorageCompliance('FileSystemStorage with asynchronous writes only', {
  create: async () =>
    new FileSystemStorage({ basePath: await makeTemporaryDirectory('storage-fs'), syncWriteMaxBytes: 0 }),
  destroy: (storage) => removeDirectory((storage as FileSystemStorage).basePath),
});

// Every read asynchronous, as on a network file system; the compliance suite's 5 MiB value also takes that path
// in the configurations above.
describeStorageCompliance('FileSystemStorage with asynchronous reads only', {
  create: async () =>
    new FileSystemStorage({ basePath: await makeTemporaryDirectory('storage-fs'), syncReadMaxBytes: 0 }),
  destroy: (storage) => removeDirectory((storage as FileSystemStorage).basePath),
});
