import { closeSync, constants, open, openSync } from 'node:fs';
import { descriptorPathSync } from './descriptorPath';
import { isNothingThere } from './fileErrors';

/** How many directories stay open at most during a burst of operations; past it, the least recently used closes. */
export const MAX_OPEN_DIRECTORIES = 16;

const DIRECTORY_FLAGS = constants.O_RDONLY | (constants.O_DIRECTORY ?? 0);

/** A directory open as `descriptor`, whose real path was `realPath` when it was opened and checked. */
export interface OpenDirectory {
  readonly descriptor: number;
  readonly realPath: string;
}

interface Entry extends OpenDirectory {
  /** Operations using the descriptor now. */
  users: number;
  /** No longer handed out: closed once its last user is done. */
  retired: boolean;
  closed: boolean;
}

/**
 * Descriptors of the store's directories, kept open from one operation to the next while operations follow each
 * other (Linux only, see `StoreBoundary.inDirectory`): a write then names its temp file and target through its
 * directory's descriptor without an `open` and a `close` of the directory (two thread-pool round trips) each time,
 * and makes the four of any atomic write. A descriptor is used again only while its directory still has the real
 * path it was checked at (one `readlink` of `/proc/self/fd`, made at once): a directory removed, moved or swapped
 * for a link since is opened afresh, and checked again. At most {@link MAX_OPEN_DIRECTORIES} stay open, and none
 * past the event loop's next turn once no operation uses them: an idle storage holds no directory open (nor a file
 * system busy).
 */
export class OpenDirectories {
  // In order of use, least recent first.
  private readonly entries = new Map<string, Entry>();
  private users = 0;
  private idleCloseScheduled = false;

  /**
   * Runs `operation` with `directory` open: the descriptor kept from an earlier operation when the directory
   * still has its checked path, else one opened now and checked by `check` (which throws to refuse it).
   * `operation` must not use the descriptor once it settles.
   */
  async use<Result>(
    directory: string,
    check: (opened: OpenDirectory) => void,
    operation: (opened: OpenDirectory) => Promise<Result>,
  ): Promise<Result> {
    this.users++;
    let entry: Entry | undefined;
    try {
      entry = this.reusable(directory) ?? this.adopt(directory, await openDirectory(directory), check);
      entry.users++;
      return await operation(entry);
    } catch (error) {
      this.afterFailure(directory, entry, error);
      throw error;
    } finally {
      this.release(entry);
    }
  }

  /**
   * {@link use} made at once: a directory not open yet is opened synchronously (one system call, for a directory
   * known to exist on a local disk). `operation` is synchronous too.
   */
  useSync<Result>(
    directory: string,
    check: (opened: OpenDirectory) => void,
    operation: (opened: OpenDirectory) => Result,
  ): Result {
    this.users++;
    let entry: Entry | undefined;
    try {
      entry = this.reusable(directory) ?? this.adopt(directory, openSync(directory, DIRECTORY_FLAGS), check);
      entry.users++;
      return operation(entry);
    } catch (error) {
      this.afterFailure(directory, entry, error);
      throw error;
    } finally {
      this.release(entry);
    }
  }

  // The directory may have been removed meanwhile: opened afresh next time (and found missing, or re-created).
  private afterFailure(directory: string, entry: Entry | undefined, error: unknown): void {
    if (entry !== undefined && isNothingThere(error)) this.retire(directory, entry);
  }

  private release(entry: Entry | undefined): void {
    if (entry !== undefined) {
      entry.users--;
      if (entry.retired) closeUnused(entry);
    }
    if (--this.users === 0) this.closeWhenIdle();
  }

  private reusable(directory: string): Entry | undefined {
    const entry = this.entries.get(directory);
    if (entry === undefined) return undefined;
    let currentPath: string | undefined;
    try {
      currentPath = descriptorPathSync(entry.descriptor);
    } catch {
      currentPath = undefined;
    }
    if (currentPath !== entry.realPath) {
      this.retire(directory, entry);
      return undefined;
    }
    this.entries.delete(directory); // now the most recently used
    this.entries.set(directory, entry);
    return entry;
  }

  /** Keeps the directory just opened as `descriptor`, once `check` accepts it (else it is closed). */
  private adopt(directory: string, descriptor: number, check: (opened: OpenDirectory) => void): Entry {
    let entry: Entry;
    try {
      entry = { descriptor, realPath: descriptorPathSync(descriptor), users: 0, retired: false, closed: false };
      check(entry);
    } catch (error) {
      closeSync(descriptor);
      throw error;
    }
    const replaced = this.entries.get(directory);
    if (replaced !== undefined) this.retire(directory, replaced);
    this.entries.set(directory, entry);
    for (const [oldest, leastRecent] of this.entries) {
      if (this.entries.size <= MAX_OPEN_DIRECTORIES) break;
      this.retire(oldest, leastRecent);
    }
    return entry;
  }

  // Operations that follow each other reach the next `use` before the event loop turns (their awaits are
  // promise continuations), so the descriptors stay open through a burst and close once it is over.
  private closeWhenIdle(): void {
    if (this.idleCloseScheduled) return;
    this.idleCloseScheduled = true;
    setImmediate(() => {
      this.idleCloseScheduled = false;
      if (this.users > 0) return;
      for (const [directory, entry] of this.entries) this.retire(directory, entry);
    }).unref();
  }

  private retire(directory: string, entry: Entry): void {
    if (this.entries.get(directory) === entry) this.entries.delete(directory);
    entry.retired = true;
    closeUnused(entry);
  }
}

function openDirectory(directory: string): Promise<number> {
  return new Promise((resolve, reject) =>
    open(directory, DIRECTORY_FLAGS, (error, opened) => (error ? reject(error) : resolve(opened))),
  );
}

// Closing a directory open for reading flushes nothing: done at once, without a thread-pool round trip.
function closeUnused(entry: Entry): void {
  if (entry.users > 0 || entry.closed) return;
  entry.closed = true;
  try {
    closeSync(entry.descriptor);
  } catch {
    // A failed close leaves nothing to do: the descriptor is not used again either way.
  }
}
