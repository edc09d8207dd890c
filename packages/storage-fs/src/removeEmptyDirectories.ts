import { promises as fs } from 'node:fs';
import path from 'node:path';
import { isBelow } from './keyToPath';

/**
 * Removes `directory` and then its parents while they are empty, never `basePath` itself, so that deleting keys
 * does not leave a tree of empty directories behind. A writer racing with this re-creates what it needs.
 * `afterRemoving` runs after each directory is removed, before its parent is tried (to remove a name file there).
 */
export async function removeEmptyDirectories(
  directory: string,
  basePath: string,
  afterRemoving: (directory: string) => Promise<void> = async () => undefined,
): Promise<void> {
  for (let current = directory; isBelow(basePath, current); current = path.dirname(current)) {
    try {
      await fs.rmdir(current);
    } catch {
      return; // not empty, or already gone: either way the parents are not ours to remove
    }
    await afterRemoving(current);
  }
}
