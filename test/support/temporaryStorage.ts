import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSystemStorage } from '@flowcache/storage-fs';

/** A file-system storage in a fresh, empty temporary directory, and the way to remove that directory. */
export interface TemporaryStorage {
  basePath: string;
  storage: FileSystemStorage;
  remove: () => Promise<void>;
}

/** A {@link FileSystemStorage} in a new temporary directory; call `remove` after the test. */
export async function temporaryFileSystemStorage(): Promise<TemporaryStorage> {
  const basePath = await mkdtemp(join(tmpdir(), 'flowcache-storage-'));
  return {
    basePath,
    storage: new FileSystemStorage({ basePath }),
    remove: () => rm(basePath, { recursive: true, force: true }),
  };
}
