import { promises as fs } from 'node:fs';
import path from 'node:path';

/** Flushes a directory's entries to disk, so that a file renamed, linked or removed in it stays so after a crash. */
export async function syncDirectory(directory: string): Promise<void> {
  const handle = await fs.open(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * After `mkdir -p` created `firstCreated` and every directory below it down to `directory`: a new directory's
 * entry lives in its parent, so flush the parents, from `directory`'s up to `firstCreated`'s.
 */
export async function syncCreatedDirectories(firstCreated: string, directory: string): Promise<void> {
  const last = path.dirname(firstCreated);
  for (let parent = path.dirname(directory); ; parent = path.dirname(parent)) {
    await syncDirectory(parent);
    if (parent === last || parent === path.dirname(parent)) return;
  }
}
