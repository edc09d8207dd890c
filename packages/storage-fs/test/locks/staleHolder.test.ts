import { describe } from '@jest/globals';
import { FileSystemLockManager } from '../../src';
import { itFencesAStaleHolder } from '../../../../test/support/staleHolder';
import { makeTemporaryDirectory, removeDirectory } from '../../../../test/support/temporaryDirectory';
import { temporaryFileSystemStorage } from '../../../../test/support/temporaryStorage';

// A holder cut off from a shared file system stops renewing like one that stalls: the scenarios withhold its
// renewals either way.
describe('a SERIALIZABLE holder that lost its lease, on FileSystemStorage with FileSystemLockManager', () => {
  itFencesAStaleHolder(async () => {
    const { storage, remove } = await temporaryFileSystemStorage();
    const directory = await makeTemporaryDirectory('locks');
    return {
      storage,
      lockManager: () => new FileSystemLockManager({ directory }),
      close: async () => {
        await remove();
        await removeDirectory(directory);
      },
    };
  });
});
