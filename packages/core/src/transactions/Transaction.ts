import { newRunId } from '../context/runIds';
import type { TaskRun } from '../context/runs';
import type { TaskInfo } from '../definitions/TaskInfo';
import { TransactionError } from '../errors/TransactionError';
import type { HeldLease, LockContention } from '../locks/holdLease';
import { contendFor, releasingHolder } from '../locks/lockHolders';
import type { LockManager } from '../locks/LockManager';
import type { EncodedRecord } from '../records/resultRecord';
import type { Logger } from '../settings/Logger';
import { CommitOutcome } from './CommitOutcome';
import { markCommit } from './markCommit';
import type { RecordWrite } from './RecordWrite';
import { beginWait } from './waitsBetweenTransactions';
import { errorMessage } from '../errors/errorMessage';

/**
 * `READ_COMMITTED` (default): identical calls in different processes may both run the body. `SERIALIZABLE`: the
 * first takes a lock on the key and runs; the others wait for it and read its stored result.
 */
export type IsolationLevel = 'READ_COMMITTED' | 'SERIALIZABLE';

/**
 * When a transaction's staged work is committed. Unset, a transaction takes its parent's mode, and a task call's
 * own transaction always takes the mode of the transaction it is made in (as in Prefect 3).
 * - `lazy` (default): when the outermost transaction ends, so the work of nested transactions and task calls is
 *   committed or rolled back with it, all or nothing.
 * - `eager`: when this transaction ends, even inside another. The tasks called inside take this mode, so each
 *   task's result is committed as soon as its call ends: an eager transaction does not group its tasks. A failure
 *   afterwards leaves their records and does not run their `onRollback` hooks (only the transaction's own).
 * - `off`: never by itself. Outermost, the work is rolled back at the end unless the body called `commit()`;
 *   nested, the work goes to the parent when it ends, and is committed or rolled back with the parent's.
 */
export type CommitMode = 'lazy' | 'eager' | 'off';

/**
 * `active` while its body runs; then committed or rolled back (a nested lazy transaction follows its parent). A
 * nested transaction that ends rolled back rolls back the transaction it is part of, unless that one committed.
 */
export type TransactionState = 'active' | 'committed' | 'rolledBack';

/** What a commit or rollback hook receives. */
export interface TransactionHookContext {
  /**
   * For a task's hook, the transaction of its call (its `get` reads values set in the call and, through its
   * parents, in the enclosing transactions); for a hook added with `onCommit`/`onRollback`, that transaction.
   */
  readonly transaction: Transaction;
  /** The task whose result is committed or rolled back; `undefined` for a transaction's own hooks. */
  readonly task?: TaskInfo;
  readonly taskRun?: TaskRun;
  /** The task call's cache key; `undefined` when the call was not cached. */
  readonly cacheKey?: string;
  /** The value the task returned. */
  readonly value?: unknown;
}

/**
 * Runs when staged work is committed (after its records are written) or rolled back (to undo what the task did
 * outside the cache: rows inserted, files sent). May be async; an error it throws is reported to the logger and
 * never replaces the error that caused a rollback.
 */
export type TransactionHook = (context: TransactionHookContext) => void | Promise<void>;

/** @internal A task's result staged in a transaction, as its commit needs it: plain data and where it goes. */
export interface StagedResult {
  /** The cache key it is committed under, so that later calls in the same transaction can read it. */
  readonly key: string;
  readonly value: unknown;
  /** When the body returned (engine clock, epoch ms). */
  readonly createdAt: number;
  /** When the result stops being valid (epoch ms); `undefined` for never. */
  readonly expiresAt: number | undefined;
  /** How long the body took to compute it. */
  readonly durationMs: number;
  readonly store: ResultDestination;
}

/**
 * @internal Where a commit puts a staged result, in three steps: `encode` every record first (a value strict
 * persistence refuses then leaves nothing written), `write` them together, then `keep` each result in memory.
 */
export interface ResultDestination {
  /** Whether the result gets a record: a commit of two or more such records is marked (see `markCommit`). */
  readonly persists: boolean;
  /** The record, carrying `commitId` when the commit writes several; `undefined` when none is written. */
  encode(result: StagedResult, commitId: string | undefined): EncodedRecord | undefined;
  /** Writes the record: over when this resolves for a `sync` write; a background write goes on, tracked. */
  write(result: StagedResult, record: EncodedRecord): Promise<RecordWrite>;
  /** The result enters the memory tier, with the record it was written to, if any. */
  keep(result: StagedResult, record: EncodedRecord | undefined, written: RecordWrite | undefined): void;
}

/**
 * @internal Work done inside a transaction whose effects wait for its commit: a task call (its result, when it
 * is cached, and the task's hooks), or hooks added to the transaction itself.
 */
export interface StagedWork {
  /** Names the work in messages: the task's name, or the transaction's. */
  readonly label: string;
  readonly logger: Logger;
  /** The task's result, for a cached call. */
  readonly result?: StagedResult;
  readonly hookContext: TransactionHookContext;
  readonly onCommit: readonly TransactionHook[];
  readonly onRollback: readonly TransactionHook[];
  /** Decided once the work is committed or rolled back and its hooks ran. */
  readonly outcome: CommitOutcome;
  /** The task call that staged it, and its attempts: told when the work is undone (its run ends `RolledBack`). */
  readonly call?: { reportRolledBack(attempts: number): void };
  readonly attempts?: number;
}

/** @internal How a transaction is made: by `transaction()`, or by the engine for a task call. */
export interface TransactionSetup {
  readonly name: string;
  readonly key: string | undefined;
  readonly parent: Transaction | undefined;
  readonly commitMode: CommitMode;
  readonly isolationLevel: IsolationLevel;
  readonly logger: Logger;
  /** A task call whose task has retries: a failed attempt is discarded (see `discardAttempt`) and run again. */
  readonly retriesAttempts?: boolean;
}

/**
 * A unit of work whose cached results become visible together. Every task call runs in one, keyed by its cache
 * key; `transaction()` groups calls. Results computed inside are staged, not written: they are written when the
 * transaction commits, and dropped, with the `onRollback` hooks run, when an error ends it. Calls inside it see
 * its staged results (at once when they would roll back with them, see `sharesFate`, else once committed);
 * others see them only after the commit (an identical call running inside it is joined by others only once its
 * result is committed). As in Prefect, a nested transaction that ends rolled back (an error, caught or not, or
 * `rollback()`) rolls back the transaction it is part of, and so on up to the outermost one.
 */
export class Transaction {
  /** Unique per transaction; the lock holder of every lock taken in its outermost transaction. */
  readonly id = newRunId();
  /** The task's name for a task call's transaction; the key, or `transaction`, for `transaction()`. */
  readonly name: string;
  /** The cache key of a task call's transaction; the `key` option of `transaction()`. */
  readonly key: string | undefined;
  readonly parent: Transaction | undefined;
  readonly commitMode: CommitMode;
  readonly isolationLevel: IsolationLevel;
  /** @internal Where hook and commit problems are reported. */
  readonly logger: Logger;
  private ownState: TransactionState = 'active';
  private ended = false;
  private readonly retriesAttempts: boolean;
  /** The transaction this one's work went to when it ended (a lazy nested transaction): its state is ours. */
  private handedTo: Transaction | undefined;
  private staged: StagedWork[] = [];
  private readonly values = new Map<string, unknown>();
  /**
   * Locks held until the outermost transaction ends, by lock manager and key: the outermost transaction's, or a
   * call's own when it still runs after that one let go of its locks.
   */
  private readonly leases = new Map<string, Promise<HeldLease | undefined>>();
  /** Whether this transaction let go of its locks (it ended, outermost or as a call left running by it). */
  private locksReleased = false;

  /**
   * @internal Made by `transaction()` and by the engine: a private constructor keeps `new Transaction()` out of the
   * public types.
   */
  static open(setup: TransactionSetup): Transaction {
    return new Transaction(setup);
  }

  private constructor(setup: TransactionSetup) {
    this.name = setup.name;
    this.key = setup.key;
    this.parent = setup.parent;
    this.commitMode = setup.commitMode;
    this.isolationLevel = setup.isolationLevel;
    this.logger = setup.logger;
    this.retriesAttempts = setup.retriesAttempts ?? false;
  }

  get state(): TransactionState {
    return this.handedTo?.state ?? this.ownState;
  }

  /**
   * @internal Whether its work can still be rolled back without its parent following: a task call whose failed
   * attempt may yet be discarded before a retry (see `discardAttempt`), while its body runs.
   */
  get mayDiscardAttempt(): boolean {
    return this.retriesAttempts && !this.ended;
  }

  /** The outermost transaction this one is part of (itself when it has no parent). */
  get root(): Transaction {
    let transaction: Transaction = this;
    while (transaction.parent !== undefined) transaction = transaction.parent;
    return transaction;
  }

  /** The value set under `name` in this transaction, else in the nearest enclosing one; `undefined` if none. */
  get<T = unknown>(name: string): T | undefined {
    for (let transaction: Transaction | undefined = this; transaction !== undefined; transaction = transaction.parent) {
      if (transaction.values.has(name)) return transaction.values.get(name) as T;
    }
    return undefined;
  }

  /** Whether `name` was set in this transaction or an enclosing one. */
  has(name: string): boolean {
    for (let transaction: Transaction | undefined = this; transaction !== undefined; transaction = transaction.parent) {
      if (transaction.values.has(name)) return true;
    }
    return false;
  }

  /** Sets a value that code in this transaction, nested transactions and hooks can `get`. */
  set(name: string, value: unknown): void {
    if (typeof name !== 'string')
      throw new TransactionError(`a transaction value's name must be a string, got ${typeof name}`);
    this.values.set(name, value);
  }

  /** Runs `hook` when this transaction's work is committed, after the task results staged before it. */
  onCommit(hook: TransactionHook): void {
    this.stageHooks([hook], []);
  }

  /** Runs `hook` when this transaction's work is rolled back, before the hooks of work staged before it. */
  onRollback(hook: TransactionHook): void {
    this.stageHooks([], [hook]);
  }

  /**
   * Commits now: writes the staged results, keeps them in memory and runs the `onCommit` hooks. Work staged
   * afterwards is committed as it comes. Needed with `commitMode: 'off'`; throws `TransactionError` when the
   * transaction was rolled back.
   */
  async commit(): Promise<void> {
    this.settle('committed', 'commit');
    await this.committing();
  }

  /**
   * Rolls back now: drops the staged results and runs the `onRollback` hooks, latest first. Work staged
   * afterwards is rolled back as it comes. A nested transaction also rolls back the one it is part of: when it
   * ends, or at once if it has ended (its work went there). Throws `TransactionError` when it was committed.
   */
  async rollback(): Promise<void> {
    this.settle('rolledBack', 'roll back');
    if (this.handedTo !== undefined) await this.handedTo.rollBackForChild();
    else await this.rollbackStaged();
  }

  /** @internal Adds work; in a transaction already committed or rolled back, the work follows at once. */
  async stage(work: StagedWork): Promise<void> {
    this.staged.push(work);
    if (this.state === 'committed') await this.commitStaged();
    else if (this.state === 'rolledBack') await this.rollbackStaged();
  }

  /** @internal The result staged under a cache key in this transaction or an enclosing one, latest first. */
  findStaged(cacheKey: string): StagedWork | undefined {
    for (let transaction: Transaction | undefined = this; transaction !== undefined; transaction = transaction.parent) {
      for (let index = transaction.staged.length - 1; index >= 0; index--) {
        if (transaction.staged[index].result?.key === cacheKey) return transaction.staged[index];
      }
    }
    return undefined;
  }

  /**
   * @internal Holds the lock on a key until the outermost transaction ends, so that others wait until the
   * results computed under it are committed. A key already locked in this outermost transaction is not locked
   * again: nested calls with the same key never wait for their own transaction. `take` gets the holder id and
   * the contention with this process's other trees (see `holdLease`): while it waits, this transaction waits for
   * the tree holding the lock, when that is one of this process's; a wait that would close a cycle is refused.
   */
  async holdLock(
    locks: LockManager,
    key: string,
    take: (holder: string, contention: LockContention) => Promise<HeldLease | undefined>,
  ): Promise<void> {
    const root = this.root;
    // A call its outermost transaction did not wait for (the loser of a Promise.all that rejected) may still run
    // after that transaction let go of its locks: it holds the lock itself, until it ends.
    const owner = root.locksReleased ? this : root;
    const lockId = `${locks.location} ${key}`;
    let held = owner.leases.get(lockId);
    if (held === undefined) {
      const contention = contendFor(locks, key, root, (holder) => beginWait(this, holder));
      held = take(root.id, contention).then((lease) => lease && releasingHolder(locks, key, root, lease));
      owner.leases.set(lockId, held);
    }
    await held;
  }

  /**
   * @internal Undoes a failed attempt of a task's body before it is retried: drops the work it staged and
   * forgets a rollback it caused (a nested call that failed), so that the next attempt starts afresh.
   */
  async discardAttempt(): Promise<void> {
    await this.rollbackStaged();
    if (this.ownState === 'rolledBack' && !this.ended) this.ownState = 'active';
  }

  /**
   * @internal Ends the transaction when its body has settled: `error` rolls it back; otherwise it commits
   * (`eager`, or outermost and `lazy`), hands its work to its parent (nested, not `eager`) or rolls back
   * (outermost and `off`, unless committed). Rolled back, a nested transaction rolls back the one it is part of.
   * Then the outermost transaction lets go of its locks. Throws only what a strict persistence failure throws at
   * commit; hook errors are reported.
   */
  async end(error?: unknown): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    try {
      if (
        error !== undefined ||
        (this.ownState === 'active' && this.commitMode === 'off' && this.parent === undefined)
      ) {
        if (this.ownState === 'active') this.ownState = 'rolledBack';
      } else if (this.ownState === 'active') {
        if (this.parent !== undefined && this.commitMode !== 'eager') {
          this.handedTo = this.parent;
          const work = this.staged;
          this.staged = [];
          for (const item of work) await this.parent.stage(item);
          return;
        }
        this.ownState = 'committed';
      }
      if (this.ownState === 'committed') await this.committing();
      else await this.rollbackStaged();
    } finally {
      if (this.ownState === 'rolledBack') await this.parent?.rollBackForChild();
      if (this.parent === undefined || this.root.locksReleased) await this.releaseLocks();
    }
  }

  // A nested transaction ended rolled back: the transaction holding this one's work rolls back too (as in Prefect:
  // what it did next may build on the work undone), unless it committed already. Its own end passes it on up.
  private async rollBackForChild(): Promise<void> {
    let owner: Transaction = this;
    while (owner.handedTo !== undefined) owner = owner.handedTo;
    if (owner.ownState !== 'active') return;
    owner.ownState = 'rolledBack';
    await owner.rollbackStaged();
  }

  // Commits the staged work; a commit that fails rolls the transaction back.
  private committing(): Promise<void> {
    return this.commitStaged(() => (this.ownState = 'rolledBack'));
  }

  private settle(state: TransactionState, verb: string): void {
    const current = this.state;
    if (current !== 'active' && current !== state) {
      const which = this.key === undefined ? 'the transaction' : `transaction ${JSON.stringify(this.key)}`;
      throw new TransactionError(
        `cannot ${verb} ${which}: it was ${current === 'committed' ? 'committed' : 'rolled back'}`,
      );
    }
    this.ownState = state;
  }

  private stageHooks(onCommit: TransactionHook[], onRollback: TransactionHook[]): void {
    void this.stage({
      label: this.name,
      logger: this.logger,
      hookContext: { transaction: this },
      onCommit,
      onRollback,
      outcome: new CommitOutcome(),
    });
  }

  // Commits in steps, so that a strict persistence failure leaves nothing behind: every record is encoded, then
  // all are written (together), then, for two or more, the commit's marker; if one of them fails, the records
  // written are deleted and the work is rolled back (the error is thrown). Then the results enter memory and the
  // commit hooks run, in order. The records of a commit of two or more carry its id: a crash before the marker
  // leaves records that no reader uses.
  private async commitStaged(failed?: () => void): Promise<void> {
    const work = this.staged;
    this.staged = [];
    const commitId = work.filter((item) => item.result?.store.persists).length >= 2 ? newRunId() : undefined;
    let records: (EncodedRecord | undefined)[];
    try {
      records = work.map((item) => item.result?.store.encode(item.result, commitId));
    } catch (error) {
      failed?.();
      await undo(work);
      throw error;
    }
    const written = await Promise.allSettled(
      work.map(({ result }, index) => {
        const record = records[index];
        return result === undefined || record === undefined ? undefined : result.store.write(result, record);
      }),
    );
    const writes = written.map((outcome) => (outcome.status === 'fulfilled' ? outcome.value : undefined));
    const rejected = written.find((outcome) => outcome.status === 'rejected');
    let failure: { reason: unknown } | undefined = rejected === undefined ? undefined : { reason: rejected.reason };
    const made = writes.filter((write) => write !== undefined);
    if (failure === undefined && commitId !== undefined) {
      try {
        await markCommit(commitId, made, this.logger);
      } catch (error) {
        failure = { reason: error };
      }
    }
    if (failure !== undefined) {
      await Promise.all(made.map((write) => (write.background ? undefined : write.undo())));
      failed?.();
      await undo(work);
      throw failure.reason;
    }
    for (const [index, { result }] of work.entries()) result?.store.keep(result, records[index], writes[index]);
    for (const item of work) {
      await runHooks(item, 'onCommit');
      item.outcome.decide('committed');
    }
  }

  private async rollbackStaged(): Promise<void> {
    const work = this.staged;
    this.staged = [];
    await undo(work);
  }

  private async releaseLocks(): Promise<void> {
    this.locksReleased = true;
    const held = [...this.leases.values()];
    this.leases.clear();
    await Promise.all(held.map(async (lease) => (await lease)?.release()));
  }
}

// Undoes work latest first: each task run ends RolledBack, then its rollback hooks run.
async function undo(work: readonly StagedWork[]): Promise<void> {
  for (const item of [...work].reverse()) {
    item.call?.reportRolledBack(item.attempts ?? 0);
    await runHooks(item, 'onRollback');
    item.outcome.decide('rolledBack');
  }
}

// Runs a work item's hooks of one kind (rollback hooks latest first), reporting and swallowing their errors.
async function runHooks(work: StagedWork, kind: 'onCommit' | 'onRollback'): Promise<void> {
  const hooks = kind === 'onCommit' ? work.onCommit : [...work.onRollback].reverse();
  for (const hook of hooks) {
    try {
      await hook(work.hookContext);
    } catch (error) {
      work.logger.warn(
        `${work.label}: ${kind} hook ${hook.name === '' ? '(anonymous)' : hook.name} failed: ` +
          `${errorMessage(error)}`,
      );
    }
  }
}
