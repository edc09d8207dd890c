import { OnceWarnings } from '../engine/OnceWarnings';
import { ConfigurationError } from '../errors/ConfigurationError';
import { errorMessage } from '../errors/errorMessage';
import { ObjectTooLargeError } from '../errors/ObjectTooLargeError';
import { consoleLogger } from '../settings/Logger';
import { EXPIRED, localCopyFault, localRangeFault } from './localCopyFault';
import type {
  GetOptions,
  ListOptions,
  ResultStorage,
  StoredObject,
  StoredObjectPage,
  VersionedBytes,
} from './ResultStorage';
import { putChunks } from './putChunks';
import { StaleLocalCopies } from './StaleLocalCopies';
import type { TieredStorageOptions } from './TieredStorageOptions';

/** What the local tier was doing when it failed: each kind of failure is reported once until it works again. */
type LocalOperation = 'read' | 'write' | 'delete';

/**
 * A local storage in front of a remote one: `new TieredStorage({ local: fileStorage, remote: s3Storage })`.
 * Reads try the local copy first; on a local miss they read the remote and copy those same bytes to the local tier,
 * so a process restarted on the same host serves what it already read without a remote request. Writes go to the
 * remote, then to the local tier; `putIfAbsent` is decided by the remote; `delete` removes from both; `list` and
 * `stat` answer from the remote, the source of truth.
 *
 * A local copy is served only while it holds: a record whose digest, length or key is wrong, or whose own expiry
 * has passed, is read from the remote again (and its copy replaced); with `localTtlMs`, so is any copy older than
 * that. A record deleted on the remote by another process stays served from this host's copy until `localTtlMs`
 * passes or the local tier is cleared. The local tier failing (full disk, permissions) never fails a call: reads and
 * writes go on with the remote alone, with one warning per kind of failure until it works again. The remote
 * failing fails the call, with the remote's own error (transient ones stay transient).
 */
export class TieredStorage implements ResultStorage {
  /** Both tiers: `tiered://local=file:///var/cache/flowcache;remote=s3://bucket/prefix`. */
  readonly location: string;
  /** The storage on this host, holding copies (see `TieredStorageOptions.local`). */
  readonly local: ResultStorage;
  /** The shared storage, the source of truth (see `TieredStorageOptions.remote`). */
  readonly remote: ResultStorage;
  private readonly localTtlMs: number;
  private readonly clock: () => number;
  private readonly warnings: OnceWarnings;
  private readonly staleCopies = new StaleLocalCopies();
  /**
   * Present when the remote has the pair (see `ResultStorage.getVersioned`): the remote's bytes and version, read
   * from the remote (a version names what the remote holds), then copied to the local tier like any remote read.
   */
  readonly getVersioned?: (key: string, options?: GetOptions) => Promise<VersionedBytes | undefined>;
  /**
   * Present with `getVersioned`: replaces the remote's object only if it is still that version, then the copy;
   * refused, drops the copy (the remote holds another object).
   */
  readonly putIfVersion?: (key: string, bytes: Uint8Array, version: string) => Promise<boolean>;

  constructor(options: TieredStorageOptions) {
    const {
      local,
      remote,
      localTtlMs = Number.POSITIVE_INFINITY,
      logger = consoleLogger,
      clock = Date.now,
    } = options ?? ({} as TieredStorageOptions);
    checkStorageOption('local', local);
    checkStorageOption('remote', remote);
    if (local === remote) {
      throw new ConfigurationError('TieredStorage options `local` and `remote` are the same storage; give two');
    }
    if (typeof localTtlMs !== 'number' || !(localTtlMs > 0)) {
      throw new ConfigurationError(
        `TieredStorage option \`localTtlMs\` must be a number of milliseconds above 0 (or Infinity, the default), ` +
          `got ${String(localTtlMs)}`,
      );
    }
    this.local = local;
    this.remote = remote;
    this.localTtlMs = localTtlMs;
    this.clock = clock;
    this.warnings = new OnceWarnings(logger, clock);
    this.location = `tiered://local=${local.location};remote=${remote.location}`;
    const { getVersioned, putIfVersion } = remote;
    if (getVersioned === undefined || putIfVersion === undefined) return;
    this.getVersioned = async (key, options) => {
      const read = await getVersioned.call(remote, key, options);
      if (read !== undefined) await this.writeLocal(key, read.bytes);
      else await this.deleteLocal(key);
      return read;
    };
    this.putIfVersion = async (key, bytes, version) => {
      const replaced = await putIfVersion.call(remote, key, bytes, version);
      // Refused: the remote holds another object now, so a copy here is out of date.
      if (replaced) await this.writeLocal(key, bytes);
      else await this.deleteLocal(key);
      return replaced;
    };
  }

  async get(key: string, options?: GetOptions): Promise<Uint8Array | undefined> {
    const local = await this.readLocal(key, () => this.local.get(key, options), localCopyFault);
    if (local.bytes !== undefined) return local.bytes;
    const bytes = await this.remote.get(key, options);
    if (bytes !== undefined) await this.writeLocal(key, bytes);
    // The remote no longer has it (deleted elsewhere): nor should this host.
    else if (local.found) await this.deleteLocal(key);
    return bytes;
  }

  /** As `get`, without copying anything to the local tier (a range is not a whole object). */
  async getRange(key: string, length: number): Promise<Uint8Array | undefined> {
    const local = await this.readLocal(key, () => this.local.getRange(key, length), localRangeFault);
    return local.bytes ?? this.remote.getRange(key, length);
  }

  // Remote first: a result only this host holds would be served here while every other process recomputes it, and
  // nothing listing the remote (`prune`, `flowcache rm`) would ever find it. A local copy that then fails to be
  // written only costs a remote read later.
  async put(key: string, bytes: Uint8Array): Promise<void> {
    await this.remote.put(key, bytes);
    await this.writeLocal(key, bytes);
  }

  /**
   * Streams a large object (a binary result's record) to the remote, a bounded number of bytes held at a time. The
   * chunks can be read only once, so the local tier gets no copy now: an older copy is dropped, and the next read
   * copies the object from the remote.
   */
  async putStream(key: string, chunks: Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<void> {
    await putChunks(this.remote, key, chunks);
    await this.deleteLocal(key);
  }

  async putIfAbsent(key: string, bytes: Uint8Array): Promise<boolean> {
    const created = await this.remote.putIfAbsent(key, bytes);
    if (created) await this.writeLocal(key, bytes);
    return created;
  }

  // Remote first, so that no read between the two deletions copies the remote's record to the local tier again.
  async delete(key: string): Promise<boolean> {
    const removed = await this.remote.delete(key);
    await this.deleteLocal(key);
    return removed;
  }

  list(prefix: string, options?: ListOptions): Promise<StoredObjectPage> {
    return this.remote.list(prefix, options);
  }

  stat(key: string): Promise<StoredObject | undefined> {
    return this.remote.stat(key);
  }

  /**
   * The local copy's bytes when they may be served; `found` says whether there was a copy at all. A failing local
   * tier, an oversized copy or one at fault (see `localCopyFault`) reads as a local miss.
   */
  private async readLocal(
    key: string,
    read: () => Promise<Uint8Array | undefined>,
    faultOf: (key: string, bytes: Uint8Array, now: number) => string | undefined,
  ): Promise<{ bytes?: Uint8Array; found: boolean }> {
    if (this.staleCopies.has(key)) return { found: true };
    let bytes: Uint8Array | undefined;
    try {
      bytes = await read();
      if (bytes !== undefined && !(await this.isYoungEnough(key))) return { found: true };
    } catch (error) {
      // A copy too large for this reader: the remote's answer decides, and replaces the copy if it has a record.
      if (error instanceof ObjectTooLargeError) return { found: true };
      this.localFailed('read', key, error);
      return { found: false };
    }
    this.warnings.forget('tier-read');
    if (bytes === undefined) return { found: false };
    const fault = faultOf(key, bytes, this.clock());
    if (fault === undefined) return { bytes, found: true };
    if (fault !== EXPIRED) {
      this.warnings.warn(
        `tier-corrupt:${key}`,
        `the local copy of ${JSON.stringify(key)} in ${this.local.location} cannot be used (${fault}): ` +
          `it is read from ${this.remote.location} again`,
      );
    }
    return { found: true };
  }

  // One `stat` more per local hit, and only with a finite `localTtlMs`.
  private async isYoungEnough(key: string): Promise<boolean> {
    if (this.localTtlMs === Number.POSITIVE_INFINITY) return true;
    const copy = await this.local.stat(key);
    return copy !== undefined && this.clock() - copy.modifiedAt.getTime() < this.localTtlMs;
  }

  private async writeLocal(key: string, bytes: Uint8Array): Promise<void> {
    try {
      await this.local.put(key, bytes);
      this.staleCopies.delete(key);
      this.warnings.forget('tier-write');
    } catch (error) {
      this.localFailed('write', key, error);
      // An older copy left there would be served instead of what was just written.
      await this.deleteLocal(key);
    }
  }

  private async deleteLocal(key: string): Promise<void> {
    try {
      await this.local.delete(key);
      this.staleCopies.delete(key);
      this.warnings.forget('tier-delete');
    } catch (error) {
      // The copy outlives what the remote says: this process reads the remote for it from now on.
      this.staleCopies.add(key);
      this.localFailed('delete', key, error);
    }
  }

  private localFailed(operation: LocalOperation, key: string, error: unknown): void {
    const consequence =
      operation === 'read'
        ? `reads go to ${this.remote.location}`
        : operation === 'write'
          ? `results are written to ${this.remote.location} only`
          : `this process reads ${JSON.stringify(key)} from ${this.remote.location} from now on, but other ` +
            'processes on this host may serve the copy left there until localTtlMs passes or the local tier is cleared';
    this.warnings.warn(
      `tier-${operation}`,
      `the local tier ${this.local.location} failed to ${operation} ${JSON.stringify(key)} (${errorMessage(error)}): ` +
        `${consequence}; further failures to ${operation} there are not reported until one works again`,
    );
  }
}

function checkStorageOption(name: 'local' | 'remote', storage: unknown): asserts storage is ResultStorage {
  const candidate = storage as Partial<ResultStorage> | null | undefined;
  if (typeof candidate?.get === 'function' && typeof candidate.put === 'function') return;
  throw new ConfigurationError(
    `TieredStorage option \`${name}\` must be a result storage (a FileSystemStorage, an S3Storage, ...), ` +
      `got ${candidate === null ? 'null' : typeof candidate}`,
  );
}
