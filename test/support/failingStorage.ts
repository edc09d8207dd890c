import { MemoryStorage, StorageError } from '@flowcache/core';

/** The storage operations a {@link FailingStorage} can be told to fail. */
export type FailingOperation = 'get' | 'getRange' | 'put' | 'list' | 'stat' | 'delete';

/** How one operation fails: which keys (or prefixes, for `list`), how many times, and with what. */
export interface Failure {
  /** The keys that fail; every key by default. */
  keys?: (key: string) => boolean;
  /** How many calls fail before the operation works again; every call by default. */
  times?: number;
  /** What is thrown; by default a {@link StorageError}, transient (a busy server) or not (a permission problem). */
  error?: (key: string) => unknown;
  /** For the default error: whether a retry may help. */
  transient?: boolean;
}

/**
 * A memory storage whose chosen operations fail, for tests of how the engine, the inspector or the UI cope with a
 * storage that throws, and whose writes can be held back, for tests of writes still pending. Counts the calls it
 * was asked to make (`attempts`), failed or not, and the writes that went through (`writesThrough`).
 */
export class FailingStorage extends MemoryStorage {
  readonly attempts: Record<FailingOperation, number> = { get: 0, getRange: 0, put: 0, list: 0, stat: 0, delete: 0 };
  /** The puts that neither failed nor are still held back by {@link holdWrites}. */
  writesThrough = 0;
  private readonly failures: Record<FailingOperation, Failure[]> = {
    get: [],
    getRange: [],
    put: [],
    list: [],
    stat: [],
    delete: [],
  };
  private writesHeld: Promise<void> | undefined;

  /** @param ignored keys that are neither counted nor failed (e.g. the run history, when a test is not about it). */
  constructor(private readonly ignored: (key: string) => boolean = () => false) {
    super();
  }

  /** Makes `operation` fail as `failure` says; failures added earlier are used up first. */
  fail(operation: FailingOperation, failure: Failure = {}): this {
    this.failures[operation].push({ ...failure });
    return this;
  }

  /** Makes `operation` work again: the failures still pending for it are dropped. */
  recover(operation: FailingOperation): this {
    this.failures[operation].length = 0;
    return this;
  }

  /** Makes puts wait, once counted in `attempts`, until the returned function is called. */
  holdWrites(): () => void {
    let release!: () => void;
    this.writesHeld = new Promise<void>((resolve) => (release = resolve));
    return release;
  }

  /** Makes the next `count` calls of `operation` fail with a transient or permanent {@link StorageError}. */
  failNext(operation: FailingOperation, count: number, { transient }: { transient: boolean }): this {
    return this.fail(operation, { times: count, transient });
  }

  override async get(...args: Parameters<MemoryStorage['get']>): ReturnType<MemoryStorage['get']> {
    this.attempt('get', args[0]);
    return super.get(...args);
  }

  override async getRange(...args: Parameters<MemoryStorage['getRange']>): ReturnType<MemoryStorage['getRange']> {
    this.attempt('getRange', args[0]);
    return super.getRange(...args);
  }

  override async put(...args: Parameters<MemoryStorage['put']>): ReturnType<MemoryStorage['put']> {
    this.attempt('put', args[0]);
    if (this.writesHeld !== undefined) await this.writesHeld;
    this.writesThrough++;
    return super.put(...args);
  }

  override async list(...args: Parameters<MemoryStorage['list']>): ReturnType<MemoryStorage['list']> {
    this.attempt('list', args[0]);
    return super.list(...args);
  }

  override async stat(...args: Parameters<MemoryStorage['stat']>): ReturnType<MemoryStorage['stat']> {
    this.attempt('stat', args[0]);
    return super.stat(...args);
  }

  override async delete(...args: Parameters<MemoryStorage['delete']>): ReturnType<MemoryStorage['delete']> {
    this.attempt('delete', args[0]);
    return super.delete(...args);
  }

  private attempt(operation: FailingOperation, key: string): void {
    if (this.ignored(key)) return;
    this.attempts[operation]++;
    const failure = this.failures[operation].find(
      (candidate) => (candidate.times ?? 1) > 0 && (candidate.keys?.(key) ?? true),
    );
    if (failure === undefined) return;
    if (failure.times !== undefined) failure.times--;
    if (failure.error !== undefined) throw failure.error(key);
    const transient = failure.transient ?? false;
    const cause = new Error(transient ? 'SlowDown' : 'AccessDenied');
    throw new StorageError(this.location, operation, key, cause, { transient });
  }
}
