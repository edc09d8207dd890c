import { fsync as fsyncCallback, promises as fs, realpathSync } from 'node:fs';
import path from 'node:path';
import { descriptorPathsAvailable, descriptorPathSync } from './descriptorPath';
import { errorCode, outsideStore } from './fileErrors';
import { isBelow } from './keyToPath';
import { OpenDirectories } from './OpenDirectories';
import { syncDirectory } from './syncDirectory';

/** How many directories a boundary remembers as existing; past it, it starts over (each is checked again once). */
const MAX_KNOWN_DIRECTORIES = 1024;

/**
 * Keeps every read, write, listing and delete inside the base path, even when someone with write access to the
 * store has replaced one of its directories by a symbolic link (`base/team -> /elsewhere`), once or in a loop
 * while operations run. A path checked beforehand can lead elsewhere a microsecond later, so what counts is what
 * was actually opened, created or moved: on Linux the real path of an open descriptor (`/proc/self/fd`) must lie
 * inside the real path of the base path. Where descriptors cannot be named (macOS), the directory's real path is
 * checked before and again after the operation: a swap back and forth between the two checks goes unseen there.
 * The base path itself may be a symbolic link (macOS `/tmp`); its real path is resolved once, when it first exists.
 */
export class StoreBoundary {
  /** Whether opened files are checked through their descriptors (see {@link checkOpenedSync}). */
  readonly checksDescriptors: boolean;
  private realBasePath: string | undefined;
  /** Directories `prepare` found or made inside the store, not prepared again until {@link forget} drops them. */
  private readonly knownDirectories = new Set<string>();
  private readonly openDirectories = new OpenDirectories();

  constructor(
    readonly basePath: string,
    { checkDescriptors = descriptorPathsAvailable() } = {},
  ) {
    this.checksDescriptors = checkDescriptors;
  }

  /**
   * Throws unless `directory` (the base path or below it) lies inside the store; throws ENOENT when it does not
   * exist. One `realpath` call. A check before the operation: it refuses a directory that already leads outside,
   * but only a check of what was opened ({@link checkOpened}) holds against a swap during the operation.
   */
  checkSync(directory: string): void {
    this.checkReal(directory, realpathSync.native(directory), this.realBasePathSync());
  }

  /** {@link checkSync}, without blocking. */
  async check(directory: string): Promise<void> {
    const real = await fs.realpath(directory);
    this.checkReal(directory, real, await this.resolveBasePath());
  }

  /**
   * Throws unless the file open as `descriptor`, opened, created or renamed as `file`, now lies inside the store:
   * from the descriptor's path where available (one `readlink`), else from `file`'s directory's real path.
   */
  checkOpenedSync(descriptor: number, file: string): void {
    if (!this.checksDescriptors) return this.checkSync(path.dirname(file));
    this.checkReal(file, descriptorPathSync(descriptor), this.realBasePathSync(), { strictlyBelow: true });
  }

  /**
   * {@link checkOpenedSync}, without blocking: where descriptors are checked, their `readlink` in `/proc` never
   * waits for a disk or a network, and is made at once rather than through the thread pool.
   */
  async checkOpened(descriptor: number, file: string): Promise<void> {
    if (!this.checksDescriptors) return this.check(path.dirname(file));
    this.checkReal(file, descriptorPathSync(descriptor), await this.resolveBasePath(), { strictlyBelow: true });
  }

  /**
   * Runs `operation` with paths to entries of `directory` that cannot be redirected by a swap: on Linux the
   * directory is opened, its descriptor's path checked to lie inside the store, and each entry named through the
   * descriptor (`/proc/self/fd/<fd>/<name>`), so that `rename`, `link` and `unlink` act on that directory whatever
   * its path leads to meanwhile (the `renameat`/`unlinkat` Node lacks). Elsewhere, the entry's own path, checked
   * beforehand ({@link check}) and so open to a swap during the operation. Errors name the entry's usual path.
   * The directory's descriptor is kept open for the next operations there while the directory keeps the path it
   * was checked at (see `OpenDirectories`). `sync` flushes the directory's entries to disk: through that
   * descriptor (one `fsync`) where there is one, else by its path.
   */
  async inDirectory<Result>(directory: string, operation: DirectoryOperation<Result>): Promise<Result> {
    if (!this.checksDescriptors) {
      await this.check(directory);
      return operation(
        (name) => path.join(directory, name),
        () => syncDirectory(directory),
      );
    }
    const realBasePath = await this.resolveBasePath();
    return this.openDirectories.use(
      directory,
      (opened) => this.checkReal(directory, opened.realPath, realBasePath),
      async ({ descriptor }) => {
        const viaDescriptor = `/proc/self/fd/${descriptor}`;
        try {
          return await operation(
            (name) => `${viaDescriptor}/${name}`,
            () => syncDescriptor(descriptor),
          );
        } catch (error) {
          throw namingUsualPath(error, viaDescriptor, directory);
        }
      },
    );
  }

  /**
   * {@link inDirectory} made at once, for an operation without `fsync` in a directory known to exist: the same
   * checks, and the directory's descriptor kept from an earlier operation or opened synchronously.
   */
  inDirectorySync<Result>(directory: string, operation: (entry: (name: string) => string) => Result): Result {
    if (!this.checksDescriptors) {
      this.checkSync(directory);
      return operation((name) => path.join(directory, name));
    }
    const realBasePath = this.realBasePathSync();
    return this.openDirectories.useSync(
      directory,
      (opened) => this.checkReal(directory, opened.realPath, realBasePath),
      ({ descriptor }) => {
        const viaDescriptor = `/proc/self/fd/${descriptor}`;
        try {
          return operation((name) => `${viaDescriptor}/${name}`);
        } catch (error) {
          throw namingUsualPath(error, viaDescriptor, directory);
        }
      },
    );
  }

  /** Whether `directory` was {@link prepare}d and not {@link forget}ten since: it exists, unless removed meanwhile. */
  knows(directory: string): boolean {
    return this.knownDirectories.has(directory);
  }

  /**
   * Makes sure `directory` exists inside the store, creating what is missing of it (the base path too): the
   * deepest part that exists is checked first, then each missing directory is created on its own and checked at
   * once. A swap during `mkdir` can still create one empty directory outside: it is removed again (best effort:
   * a second swap before the `rmdir` leaves it), and nothing is ever created inside it. A directory prepared once
   * is taken to exist until {@link forget}: an operation that finds it missing forgets it and prepares it again,
   * and an operation in it checks it all the same ({@link inDirectory}, {@link checkOpened}).
   */
  async prepare(directory: string, { fsync }: { readonly fsync: boolean }): Promise<void> {
    if (this.knownDirectories.has(directory)) return;
    await this.makeInside(directory, fsync);
    if (this.knownDirectories.size >= MAX_KNOWN_DIRECTORIES) this.knownDirectories.clear();
    this.knownDirectories.add(directory);
  }

  /** `directory` may no longer exist (found missing, or removed): the next {@link prepare} looks again. */
  forget(directory: string): void {
    this.knownDirectories.delete(directory);
  }

  private async makeInside(directory: string, fsync: boolean): Promise<void> {
    let existing = directory;
    while (!(await this.checkIfExists(existing))) {
      if (existing === this.basePath) {
        // The base path is the user's to choose: it is created, with its parents, as given.
        await fs.mkdir(this.basePath, { recursive: true });
        if (fsync) await syncDirectory(path.dirname(this.basePath));
        await this.check(this.basePath);
        break;
      }
      existing = path.dirname(existing);
    }
    const missing = path.relative(existing, directory);
    if (missing === '') return;
    let current = existing;
    for (const name of missing.split(path.sep)) {
      current = path.join(current, name);
      await this.makeDirectory(current, fsync);
    }
  }

  private async makeDirectory(directory: string, fsync: boolean): Promise<void> {
    let created = true;
    try {
      await fs.mkdir(directory);
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
      created = false; // a concurrent writer made it: checked all the same
    }
    try {
      await this.check(directory);
    } catch (error) {
      // Only a directory this call created, and only if empty: whatever the path leads to now, nothing else goes.
      if (created) await fs.rmdir(directory).catch(() => undefined);
      throw error;
    }
    if (fsync && created) await syncDirectory(path.dirname(directory));
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

  private realBasePathSync(): string {
    return this.realBasePath ?? (this.realBasePath = realpathSync.native(this.basePath));
  }

  private async resolveBasePath(): Promise<string> {
    return this.realBasePath ?? (this.realBasePath = await fs.realpath(this.basePath));
  }

  private checkReal(entry: string, real: string, realBasePath: string, { strictlyBelow = false } = {}): void {
    if ((strictlyBelow || real !== realBasePath) && !isBelow(realBasePath, real))
      throw outsideStore(entry, real, realBasePath);
  }
}

/**
 * What runs inside a checked directory (see `StoreBoundary.inDirectory`): `entry` names an entry of it, `sync`
 * flushes its entries to disk.
 */
export type DirectoryOperation<Result> = (
  entry: (name: string) => string,
  sync: () => Promise<void>,
) => Promise<Result>;

function syncDescriptor(descriptor: number): Promise<void> {
  return new Promise((resolve, reject) => fsyncCallback(descriptor, (error) => (error ? reject(error) : resolve())));
}

/** The error, its message and paths naming `directory` where they named it through its descriptor. */
function namingUsualPath(error: unknown, viaDescriptor: string, directory: string): unknown {
  if (typeof error !== 'object' || error === null) return error;
  const named = error as { message?: unknown; path?: unknown; dest?: unknown };
  for (const property of ['message', 'path', 'dest'] as const) {
    const value = named[property];
    if (typeof value === 'string' && value.includes(viaDescriptor)) {
      named[property] = value.split(`${viaDescriptor}/`).join(`${directory}${path.sep}`);
    }
  }
  return error;
}
