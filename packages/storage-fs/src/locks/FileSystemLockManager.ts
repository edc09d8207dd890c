import { randomBytes, randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ConfigurationError,
  LockLostError,
  pollWatching,
  type AcquireOptions,
  type Lease,
  type LockManager,
  type PollLook,
  type ReleaseWatch,
} from '@flowcache/core/adapters';
import { errorCode, isNothingThere } from '../fileErrors';
import { removeEmptyDirectories } from '../removeEmptyDirectories';
import { writeAtomically } from '../writeAtomically';
import { lockKeyToPath } from './lockKeyToPath';
import { watchLockFile } from './watchLockFile';

export interface FileSystemLockManagerOptions {
  /** The directory holding the lock files; created on the first acquire. Relative paths resolve at construction. */
  readonly directory: string;
}

/** What a lock file holds, as JSON. */
interface LockFileContent {
  readonly holder: string;
  readonly token: string;
  readonly pid: number;
  readonly host: string;
  readonly expiresAt: number;
}

/** A lock file as read: its content, or `undefined` when it is not a well-formed lock. */
interface LockFileRead {
  readonly content: LockFileContent | undefined;
}

// How long a waiter waits for a change to the lock file before it looks again: an expiry changes nothing, and
// some file systems (network ones) send no events.
const FALLBACK_MS = 500;
// Atomic creates tried in one round after taking over a stale lock (others may be taking it over too).
const CREATE_ATTEMPTS = 3;
// Stale lock files are renamed to this prefix before they are removed; names starting with `.` are never lock files.
const TOMBSTONE_PREFIX = '.fc-stale-';

/**
 * Leases as lock files under one directory, for processes on one host or sharing a file system. A lock file is
 * created atomically with its content (a temp file linked to the lock's name, which fails when it is taken) and
 * holds `{ holder, token, pid, host, expiresAt }`. A lock whose lease expired, or whose holder's process is gone
 * (same host, `kill(pid, 0)` reports ESRCH), is free: a contender renames it to a unique tombstone (only one
 * rename of it succeeds), checks it renamed a stale lock (otherwise puts it back), removes it and creates its own.
 */
export class FileSystemLockManager implements LockManager {
  /** `file://` URL of the lock directory. */
  readonly location: string;
  /** The absolute directory holding the lock files. */
  readonly directory: string;
  private readonly host = os.hostname();

  constructor(options: FileSystemLockManagerOptions) {
    const directory = (options as Partial<FileSystemLockManagerOptions> | undefined)?.directory;
    if (typeof directory !== 'string' || directory === '') {
      throw new ConfigurationError('FileSystemLockManager needs a directory (a non-empty path)');
    }
    this.directory = path.resolve(directory);
    this.location = pathToFileURL(this.directory).href;
  }

  async acquire(key: string, holder: string, { leaseMs, timeoutMs = 0 }: AcquireOptions): Promise<Lease | undefined> {
    const file = lockKeyToPath(this.directory, key);
    return pollWatching(
      async (): Promise<PollLook<Lease>> => {
        const lease = await this.tryAcquire(key, file, holder, leaseMs);
        return lease === undefined ? { ready: false } : { ready: true, value: lease };
      },
      () => this.watchReleases(key),
      { timeoutMs, intervalMs: FALLBACK_MS },
    );
  }

  async renew(lease: Lease, leaseMs: number): Promise<Lease> {
    const file = lockKeyToPath(this.directory, lease.key);
    const current = (await this.read(file))?.content;
    if (current?.token !== lease.token || current.expiresAt <= Date.now()) {
      throw new LockLostError(lease.key, lease.holder);
    }
    return this.rewrite(lease.key, file, current, leaseMs);
  }

  async release(lease: Lease): Promise<void> {
    const file = lockKeyToPath(this.directory, lease.key);
    const current = (await this.read(file))?.content;
    if (current?.token !== lease.token) throw new LockLostError(lease.key, lease.holder);
    // Claim the file by renaming it, so that a lock someone created in the meantime is never removed.
    const removed = await this.removeIf(file, (claimed) => claimed?.token === lease.token);
    if (removed) await removeEmptyDirectories(path.dirname(file), this.directory);
    if (!removed || current.expiresAt <= Date.now()) throw new LockLostError(lease.key, lease.holder);
  }

  async isLocked(key: string): Promise<boolean> {
    const current = await this.read(lockKeyToPath(this.directory, key));
    return current !== undefined && !this.isStale(current.content);
  }

  async waitForRelease(key: string, timeoutMs: number): Promise<boolean> {
    const released = await pollWatching(
      async (): Promise<PollLook<true>> =>
        (await this.isLocked(key)) ? { ready: false } : { ready: true, value: true },
      () => this.watchReleases(key),
      { timeoutMs, intervalMs: FALLBACK_MS },
    );
    return released ?? false;
  }

  /**
   * Tells of releases of the lock by a watcher on the lock file's directory (`fs.watch`): a release by any process
   * of this host wakes waiters at once, with no look at the file while it is held.
   */
  async watchReleases(key: string): Promise<ReleaseWatch> {
    return watchLockFile(lockKeyToPath(this.directory, key));
  }

  // One round: create the lock file, renew it for its holder, or take over a stale one and create it again.
  private async tryAcquire(key: string, file: string, holder: string, leaseMs: number): Promise<Lease | undefined> {
    for (let attempt = 1; attempt <= CREATE_ATTEMPTS; attempt++) {
      const content: LockFileContent = {
        holder,
        token: randomUUID(),
        pid: process.pid,
        host: this.host,
        expiresAt: Date.now() + leaseMs,
      };
      if (await writeAtomically(file, encode(content), { exclusive: true, fsync: false })) {
        return toLease(key, content);
      }
      const current = await this.read(file);
      if (current === undefined) continue; // released meanwhile: try the create again
      if (!this.isStale(current.content)) {
        return current.content!.holder === holder ? this.rewrite(key, file, current.content!, leaseMs) : undefined;
      }
      await this.removeIf(file, (claimed) => this.isStale(claimed));
    }
    return undefined;
  }

  // Replaces the lock file with the same lease and a new expiry (temp file renamed over it).
  private async rewrite(key: string, file: string, current: LockFileContent, leaseMs: number): Promise<Lease> {
    const content: LockFileContent = { ...current, pid: process.pid, host: this.host, expiresAt: Date.now() + leaseMs };
    await writeAtomically(file, encode(content), { exclusive: false, fsync: false });
    return toLease(key, content);
  }

  /**
   * Renames the lock file to a unique tombstone (of several contenders exactly one rename succeeds), then removes
   * the tombstone if what it renamed passes `check`; otherwise it links it back under the lock's name. `true` when
   * it removed a lock file.
   */
  private async removeIf(file: string, check: (content: LockFileContent | undefined) => boolean): Promise<boolean> {
    const tombstone = path.join(path.dirname(file), `${TOMBSTONE_PREFIX}${randomBytes(8).toString('hex')}`);
    try {
      await fs.rename(file, tombstone);
    } catch (error) {
      if (isNothingThere(error)) return false; // someone else removed it first
      throw error;
    }
    try {
      const claimed = await this.read(tombstone);
      if (claimed !== undefined && check(claimed.content)) return true;
      // Renamed a lock that changed since it was read: give it back, unless a new one was created meanwhile.
      await fs.link(tombstone, file).catch((error: unknown) => {
        if (errorCode(error) !== 'EEXIST') throw error;
      });
      return false;
    } finally {
      await fs.rm(tombstone, { force: true });
    }
  }

  private async read(file: string): Promise<LockFileRead | undefined> {
    let raw: string;
    try {
      raw = await fs.readFile(file, 'utf8');
    } catch (error) {
      if (isNothingThere(error)) return undefined;
      throw error;
    }
    return { content: decode(raw) };
  }

  /**
   * Expired, held by a process of this host that is gone, or not a lock file at all (lock files are always written
   * whole, so an unreadable one was left by a crash before it reached the disk, or by someone else).
   */
  private isStale(content: LockFileContent | undefined): boolean {
    if (content === undefined || content.expiresAt <= Date.now()) return true;
    if (content.host !== this.host || content.pid === process.pid) return false;
    try {
      process.kill(content.pid, 0);
      return false;
    } catch (error) {
      return errorCode(error) === 'ESRCH';
    }
  }
}

function toLease(key: string, { holder, token, expiresAt }: LockFileContent): Lease {
  return { key, holder, token, expiresAt };
}

function encode(content: LockFileContent): Uint8Array {
  return new Uint8Array(Buffer.from(JSON.stringify(content), 'utf8'));
}

function decode(raw: string): LockFileContent | undefined {
  try {
    const value = JSON.parse(raw) as Partial<Record<keyof LockFileContent, unknown>> | null;
    if (
      typeof value?.holder === 'string' &&
      typeof value.token === 'string' &&
      Number.isSafeInteger(value.pid) &&
      (value.pid as number) > 0 &&
      typeof value.host === 'string' &&
      typeof value.expiresAt === 'number'
    ) {
      return value as LockFileContent;
    }
  } catch {
    // not JSON: not a lock file we wrote
  }
  return undefined;
}
