import { promises as fs, realpathSync } from 'node:fs';
import path from 'node:path';
import { errorCode, outsideStore } from './fileErrors';
import { isBelow } from './keyToPath';
import { syncCreatedDirectories } from './syncDirectory';

/**
 * Keeps every read, write, listing and delete inside the base path, even when someone with write access to the
 * store has replaced one of its directories by a symbolic link (`base/team -> /elsewhere`): the real path of the
 * directory an operation works in must lie inside the real path of the base path. The base path itself may be a
 * symbolic link (macOS `/tmp`); its real path is resolved once, when it first exists.
 */
export class StoreBoundary {
  private realBasePath: string | undefined;

  constructor(readonly basePath: string) {}

  /**
   * Throws unless `directory` (the base path or below it) lies inside the store; throws ENOENT when it does not
   * exist. One `realpath` call: this is on the path of every cache hit.
   */
  checkSync(directory: string): void {
    const real = realpathSync.native(directory);
    this.checkReal(directory, real, this.realBasePath ?? (this.realBasePath = realpathSync.native(this.basePath)));
  }

  /** {@link checkSync}, without blocking. */
  async check(directory: string): Promise<void> {
    const real = await fs.realpath(directory);
    this.checkReal(directory, real, await this.resolveBasePath());
  }

  /**
   * Makes sure `directory` exists inside the store, creating what is missing of it (the base path too): the
   * deepest part that exists is checked first, so that no directory is ever created through a symbolic link.
   */
  async prepare(directory: string, { fsync }: { readonly fsync: boolean }): Promise<void> {
    let existing = directory;
    while (!(await this.checkIfExists(existing))) {
      if (existing === this.basePath) {
        // The base path is the user's to choose: it is created, with its parents, as given.
        await makeDirectories(this.basePath, fsync);
        await this.check(this.basePath);
        break;
      }
      existing = path.dirname(existing);
    }
    if (existing !== directory) await makeDirectories(directory, fsync);
  }

  private async checkIfExists(directory: string): Promise<boolean> {
    try {
      await this.check(directory);
      return true;
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return false;
      throw error;
    }
  }

  private async resolveBasePath(): Promise<string> {
    return this.realBasePath ?? (this.realBasePath = await fs.realpath(this.basePath));
  }

  private checkReal(directory: string, real: string, realBasePath: string): void {
    if (real !== realBasePath && !isBelow(realBasePath, real)) throw outsideStore(directory, real, realBasePath);
  }
}

async function makeDirectories(directory: string, fsync: boolean): Promise<void> {
  const firstCreated = await fs.mkdir(directory, { recursive: true });
  if (fsync && firstCreated !== undefined) await syncCreatedDirectories(firstCreated, directory);
}
