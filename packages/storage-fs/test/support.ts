import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh, empty directory for one test; remove it with `removeDirectory`. */
export function makeTemporaryDirectory(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'flowcache-storage-fs-'));
}

export function removeDirectory(directory: string): Promise<void> {
  return fs.rm(directory, { recursive: true, force: true });
}

/** Every file and directory below `directory`, as absolute paths. */
export async function walkTree(directory: string): Promise<string[]> {
  const entries = await fs.readdir(directory, { withFileTypes: true, recursive: true });
  return entries.map((entry) => path.join(entry.parentPath, entry.name));
}

export { bytes, text } from '../../../test/support/bytes';

/** Keys in the order storages list them: by UTF-8 bytes. */
export const sortByUtf8 = (keys: readonly string[]) => [...keys].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
