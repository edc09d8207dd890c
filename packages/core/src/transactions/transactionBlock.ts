import { activeRuns, runInTransaction } from '../context/runContext';
import { getDefaultEngine } from '../engine/defaultEngine';
import { Engine } from '../engine/Engine';
import { ConfigurationError } from '../errors/ConfigurationError';
import { guardLockManager } from '../locks/guardedLockManager';
import { holdLease } from '../locks/holdLease';
import type { LockManager } from '../locks/LockManager';
import { checkStorageKey } from '../storage/checkStorageKey';
import { Transaction, type CommitMode, type IsolationLevel } from './Transaction';

/** How `transaction()` runs its body. */
export interface TransactionOptions {
  /**
   * Names the transaction (hooks and `currentTransaction()` see it) and, with `SERIALIZABLE`, is the key locked
   * while it runs. A storage key (see `checkStorageKey`).
   */
  key?: string;
  /** See `CommitMode`; default the enclosing transaction's, else `lazy`. */
  commitMode?: CommitMode;
  /**
   * `SERIALIZABLE` (needs `key`): the transaction holds the lock on its key until it ends, so transactions with
   * the same key run one at a time, in every process sharing the lock manager; the tasks inside then hit what the
   * previous one committed. Default the enclosing transaction's, else `READ_COMMITTED`.
   */
  isolationLevel?: IsolationLevel;
  /** Run the bodies of the tasks called inside and overwrite their cached results, like `refreshCache`. */
  overwrite?: boolean;
  /** The lock manager for `SERIALIZABLE`; default the engine's (the container's `LOCK_MANAGER`). */
  lockManager?: LockManager;
  /**
   * The engine whose logger reports hook errors (default: the enclosing transaction's logger), and whose lock
   * manager and lock settings serve `SERIALIZABLE`: `container.get(FLOWCACHE_ENGINE)`. Default the default engine.
   */
  engine?: Engine;
}

const OPTION_NAMES = ['key', 'commitMode', 'isolationLevel', 'overwrite', 'lockManager', 'engine'];

/**
 * Runs `body` in a transaction: the results of the tasks it calls (however deep) are staged and, in the default
 * `commitMode: 'lazy'`, become visible together when it commits, or not at all. If `body` throws, the transaction
 * rolls back: nothing staged is written or kept in memory, the `onRollback` hooks run latest first, the completed
 * task runs end `RolledBack`, and the error is rethrown unchanged. Returns what `body` returns, once committed or
 * rolled back without an error (`tx.rollback()`, or, as in Prefect, a nested transaction or task call inside that
 * ended rolled back, its error caught): `tx.state` tells which.
 *
 * The tasks called inside take the transaction's commit mode (see `CommitMode`). With `'eager'`, each task's
 * result is committed when its call ends, so nothing of theirs is staged here: if `body` throws afterwards, their
 * records stay and their `onRollback` hooks do not run. With `'off'`, an outermost transaction rolls back at its
 * end unless `body` called `tx.commit()`; a nested one hands its work to its parent, which commits it.
 *
 * `await transaction(async (tx) => { const rows = await etl.extract(day); await etl.load(rows); })`
 */
export async function transaction<T>(
  body: (transaction: Transaction) => T | Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  if (typeof body !== 'function')
    throw new ConfigurationError('transaction(body, options): body must be a function (tx) => ...');
  checkOptions(options);
  const active = activeRuns();
  const parent = active?.transaction;
  const engine = options.engine ?? getDefaultEngine();
  const opened = Transaction.open({
    name: options.key ?? 'transaction',
    key: options.key,
    parent,
    commitMode: options.commitMode ?? parent?.commitMode ?? 'lazy',
    isolationLevel: options.isolationLevel ?? parent?.isolationLevel ?? 'READ_COMMITTED',
    logger: options.engine?.logger ?? parent?.logger ?? engine.logger,
  });
  let value: T;
  try {
    if (opened.isolationLevel === 'SERIALIZABLE' && options.key !== undefined) {
      const own = options.lockManager === undefined ? undefined : guardLockManager(options.lockManager);
      await lock(opened, options.key, own ?? engine.lockManager, engine);
    }
    const overrides = options.overwrite ? { ...active?.overrides, refresh: true } : active?.overrides;
    value = await runInTransaction(opened, overrides, () => body(opened));
  } catch (error) {
    await opened.end(error);
    throw error;
  }
  await opened.end();
  return value;
}

function lock(opened: Transaction, key: string, locks: LockManager | undefined, engine: Engine): Promise<void> {
  if (locks === undefined) {
    throw new ConfigurationError(
      `transaction ${key} is SERIALIZABLE but no lock manager is configured: pass lockManager, or an engine ` +
        'with one (bind LOCK_MANAGER in the container and pass container.get(FLOWCACHE_ENGINE))',
    );
  }
  const { lockLeaseMs: leaseMs, lockWaitMs: waitMs } = engine.settings;
  // Under their own prefix, so that a transaction's key never locks a task's cache key of the same name.
  const lockKey = `transactions/${key}`;
  return opened.holdLock(locks, lockKey, (holder, contention) =>
    holdLease({
      locks,
      key: lockKey,
      holder,
      leaseMs,
      waitMs,
      label: `transaction ${key}`,
      retry: engine.settings,
      warnOnce: (id, text) => engine.warnOnce(id, text),
      contention,
    }),
  );
}

function checkOptions(options: TransactionOptions): void {
  const fail = (problem: string): never => {
    throw new ConfigurationError(`transaction(): ${problem}`);
  };
  if (typeof options !== 'object' || options === null) fail('options must be an object');
  for (const name of Object.keys(options)) {
    if (!OPTION_NAMES.includes(name)) fail(`unknown option "${name}"; the options are ${OPTION_NAMES.join(', ')}`);
  }
  const { key, commitMode, isolationLevel, overwrite, engine } = options;
  if (engine !== undefined && !(engine instanceof Engine))
    fail('engine must be an Engine, e.g. container.get(FLOWCACHE_ENGINE)');
  if (key !== undefined) checkStorageKey(key);
  if (commitMode !== undefined && !['lazy', 'eager', 'off'].includes(commitMode)) {
    fail(`commitMode must be "lazy", "eager" or "off", got ${JSON.stringify(commitMode)}`);
  }
  if (isolationLevel !== undefined && isolationLevel !== 'READ_COMMITTED' && isolationLevel !== 'SERIALIZABLE') {
    fail(`isolationLevel must be "READ_COMMITTED" or "SERIALIZABLE", got ${JSON.stringify(isolationLevel)}`);
  }
  if (isolationLevel === 'SERIALIZABLE' && key === undefined) {
    fail("isolationLevel SERIALIZABLE locks the transaction's key: give it a key");
  }
  if (overwrite !== undefined && typeof overwrite !== 'boolean') fail('overwrite must be true or false');
}
