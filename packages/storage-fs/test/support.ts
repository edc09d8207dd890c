import { promises as fs } from 'node:fs';
import path from 'node:path';

export { makeTemporaryDirectory, removeDirectory } from '../../../test/support/temporaryDirectory';

/** Every file and directory below `directory`, as absolute paths. */
export async function walkTree(directory: string): Promise<string[]> {
  const entries = await fs.readdir(directory, { withFileTypes: true, recursive: true });
  return entries.map((entry) => path.join(entry.parentPath, entry.name));
}

export { bytes, text } from '../../../test/support/bytes';

/** Keys in the order storages list them: by UTF-8 bytes. */
export const sortByUtf8 = (keys: readonly string[]) =>
  [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));

/** Every file under the base path that is not a stored object: a temp file left behind, for instance. */
export async function strayFiles(basePath: string): Promise<string[]> {
  const stray: string[] = [];
  for (const entry of await walkTree(basePath)) {
    if ((await fs.lstat(entry)).isFile() && !entry.endsWith('.fcr')) stray.push(entry);
  }
  return stray;
}
