import { FileSystemStorage } from '@flowcache/storage-fs';
import { makeTemporaryDirectory, removeDirectory } from './temporaryDirectory';

/** A file-system storage in a fresh, empty temporary directory, and the way to remove that directory. */
export interface TemporaryStorage {
  basePath: string;
  storage: FileSystemStorage;
  remove: () => Promise<void>;
}

/** A {@link FileSystemStorage} in a new temporary directory; call `remove` after the test. */
export async function temporaryFileSystemStorage(): Promise<TemporaryStorage> {
  const basePath = await makeTemporaryDirectory('storage');
  return {
    basePath,
    storage: new FileSystemStorage({ basePath }),
    remove: () => removeDirectory(basePath),
  };
}
