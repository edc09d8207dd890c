import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A fresh, empty directory under the system's temporary directory, named `flowcache-<purpose>-XXXXXX` so that one
 * a test left behind says which test made it. Remove it with {@link removeDirectory}.
 */
export function makeTemporaryDirectory(purpose: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `flowcache-${purpose}-`));
}

/** Removes `directory` and everything in it; nothing happens when it is gone already. */
export function removeDirectory(directory: string): Promise<void> {
  return rm(directory, { recursive: true, force: true });
}
