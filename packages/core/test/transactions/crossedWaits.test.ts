import 'reflect-metadata';
import {
  Engine,
  Flow,
  MemoryLockManager,
  MemoryStorage,
  Task,
  taskInputHash,
  transaction,
  type IsolationLevel,
  type TaskRunEvent,
  type TransactionHookContext,
} from '../../src';
import { liveWaits } from '../../src/transactions/waitsBetweenTransactions';
import { deferred, queuedCallbacks, RecordingLogger, recordKeys, states } from '../support';

// Each test here hung for ever before waits between transactions were checked: a short timeout makes a
// regression fail fast instead of hanging the suite.
const HUNG_AFTER_MS = 5_000;

/**
 * Two bodies of one task running at once, in two transaction trees: each tree then calls what the other runs.
 * The bodies wait for `release`, so both are still running when the crossed calls are made.
 */
class Crossing {
  readonly bothStarted: Promise<void>;
  readonly release = deferred();
  private readonly started = new Map<string, () => void>();

  constructor(names: readonly string[]) {
    this.bothStarted = Promise.all(
      names.map((name) => new Promise<void>((resolve) => this.started.set(name, resolve))),
    ).then(() => undefined);
  }

  /** Called by the body of `name`: returns once the test lets the bodies end. */
  async run(name: string): Promise<void> {
    this.started.get(name)?.();
    await this.release.promise;
  }

  /** Lets the bodies end once both run and the crossed calls were made. */
  async releaseAfterCrossing(): Promise<void> {
    await this.bothStarted;
    await queuedCallbacks();
    this.release.resolve();
  }
}

/**
 * The commit hook to give a task, and the keys of its hits on results not committed yet: a call that joined a
 * call running in another transaction must hit only once that transaction committed.
 */
function watchReads(engine: Engine, taskName: string) {
  const committed = new Set<string>();
  const uncommittedReads: string[] = [];
  engine.onTaskRun((event) => {
    if (event.taskName === taskName && event.state === 'Cached' && !committed.has(event.cacheKey!)) {
      uncommittedReads.push(event.cacheKey!);
    }
  });
  const onCommit = ({ cacheKey }: TransactionHookContext) => void committed.add(cacheKey!);
  return { onCommit, uncommittedReads };
}

function setUp() {
  const storage = new MemoryStorage();
  const logger = new RecordingLogger();
  const engine = new Engine({
    storage,
    logger,
    lockManager: new MemoryLockManager(),
    settings: { persistResultsByDefault: true },
  });
  const events: TaskRunEvent[] = [];
  engine.onTaskRun((event) => events.push(event));
  return { engine, events, logger, storage };
}

describe('calls that would wait for each other for ever', () => {
  it(
    'two task calls of a flow that call the same two tasks in opposite order: one of them runs the other’s body itself',
    async () => {
      const { engine, events, storage } = setUp();
      const crossing = new Crossing(['north', 'east']);
      const bodyRuns = new Map<string, number>();
      const reads = watchReads(engine, 'Sales.sales');
      class Sales {
        @Task({ cacheKeyFn: taskInputHash, onCommit: reads.onCommit })
        async sales(region: string): Promise<number> {
          bodyRuns.set(region, (bodyRuns.get(region) ?? 0) + 1);
          await crossing.run(region);
          return region.length;
        }

        @Task({ cacheKeyFn: taskInputHash })
        async compare(a: string, b: string): Promise<number> {
          const x = this.sales(a);
          await crossing.bothStarted; // b is running in the other compare call's transaction now
          const y = this.sales(b);
          return (await x) - (await y);
        }

        @Flow()
        async nightly(): Promise<number[]> {
          return Promise.all([this.compare('north', 'east'), this.compare('east', 'north')]);
        }
      }
      const sales = engine.attach(new Sales());

      const nightly = sales.nightly();
      await crossing.releaseAfterCrossing();
      expect(await nightly).toEqual([1, -1]);

      expect([...bodyRuns.values()].reduce((sum, runs) => sum + runs, 0)).toBe(3); // one body ran again, once
      for (const runs of bodyRuns.values()) expect(runs).toBeLessThanOrEqual(2);
      expect(reads.uncommittedReads).toEqual([]);
      expect(
        states(events)
          .filter((state) => state.startsWith('Sales.sales'))
          .sort(),
      ).toEqual([
        'Sales.sales:Cached', // the call that waited, once the other tree committed
        'Sales.sales:Completed',
        'Sales.sales:Completed',
        'Sales.sales:Completed', // the call that did not wait
      ]);
      expect((await recordKeys(storage)).length).toBe(4); // two sales, two compares
      expect(engine.runningCallCount).toBe(0);
      expect(liveWaits()).toBe(0);
    },
    HUNG_AFTER_MS,
  );

  it.each<IsolationLevel>(['READ_COMMITTED', 'SERIALIZABLE'])(
    'two transactions that call the same two tasks in opposite ' +
      'order (%s) both end, without reading uncommitted results',
    async (isolationLevel) => {
      const { engine, events, logger } = setUp();
      const crossing = new Crossing(['apple', 'pear']);
      let bodyRuns = 0;
      const reads = watchReads(engine, 'Stock.price');
      class Stock {
        @Task({ cacheKeyFn: taskInputHash, isolationLevel, onCommit: reads.onCommit })
        async price(sku: string): Promise<number> {
          bodyRuns++;
          await crossing.run(sku);
          return sku.length;
        }
      }
      const stock = engine.attach(new Stock());
      const order = (first: string, second: string) =>
        transaction(async () => {
          const x = stock.price(first);
          await crossing.bothStarted; // second is running in the other transaction now
          const y = stock.price(second);
          return [await x, await y];
        });

      const orders = Promise.all([order('apple', 'pear'), order('pear', 'apple')]);
      await crossing.releaseAfterCrossing();
      expect(await orders).toEqual([
        [5, 4],
        [4, 5],
      ]);
      expect(bodyRuns).toBe(3);
      expect(states(events).sort()).toEqual([
        'Stock.price:Cached',
        'Stock.price:Completed',
        'Stock.price:Completed',
        'Stock.price:Completed',
      ]);
      expect(reads.uncommittedReads).toEqual([]);
      // The call that did not wait ran without taking the lock the other transaction holds: waiting for it would
      // never have ended either.
      const lockWarnings = logger.warnings.filter((warning) => warning.includes('runs without its lock'));
      expect(lockWarnings.length).toBe(isolationLevel === 'SERIALIZABLE' ? 1 : 0);
      expect(engine.runningCallCount).toBe(0);
      expect(liveWaits()).toBe(0);
    },
    HUNG_AFTER_MS,
  );

  it(
    'two SERIALIZABLE transactions that lock the same two keys in ' +
      'opposite order: one goes on without the lock, with a warning',
    async () => {
      const { engine, logger } = setUp();
      const lockManager = engine.lockManager!;
      const bothLocked = deferred();
      let locked = 0;
      const lockFirst = () => {
        if (++locked === 2) bothLocked.resolve();
        return bothLocked.promise;
      };
      const options = (key: string) => ({ key, isolationLevel: 'SERIALIZABLE' as const, engine });
      const crossed = (first: string, second: string) =>
        transaction(async () => {
          await lockFirst(); // each transaction holds its first key now
          return transaction(() => `${first} then ${second}`, options(second));
        }, options(first));

      expect(await Promise.all([crossed('a', 'b'), crossed('b', 'a')])).toEqual(['a then b', 'b then a']);
      expect(logger.warnings).toEqual([
        'transaction a runs without its lock: the transaction ' +
          'holding it is waiting for this one, so neither would ever end ' +
          '(take keys in the same order everywhere)',
      ]);
      for (const key of ['transactions/a', 'transactions/b']) expect(await lockManager.isLocked(key)).toBe(false);
      expect(liveWaits()).toBe(0);
    },
    HUNG_AFTER_MS,
  );

  it(
    'sees the cycle even when a lock manager answers the winner of a lock after a loser',
    async () => {
      // A lock manager whose successful acquisitions take longer to answer than failed ones (as a network round trip
      // may): a loser asks who holds the lock before the winner has heard that it won.
      class SlowGrants extends MemoryLockManager {
        override async acquire(...args: Parameters<MemoryLockManager['acquire']>) {
          const lease = await super.acquire(...args);
          if (lease !== undefined) await new Promise((resolve) => setImmediate(resolve));
          return lease;
        }
      }
      const logger = new RecordingLogger();
      const engine = new Engine({ storage: new MemoryStorage(), logger, lockManager: new SlowGrants() });
      class Leaves {
        @Task({ cacheKeyFn: taskInputHash, isolationLevel: 'SERIALIZABLE' })
        async leaf(name: string): Promise<string> {
          return name;
        }
      }
      const leaves = engine.attach(new Leaves());
      // The first takes "a" (its answer still on the way when the second tries "a" too), then wants "b", which the
      // second took meanwhile and holds until it ends: each waits for the other.
      const first = transaction(async () => `${await leaves.leaf('a')} then ${await leaves.leaf('b')}`);
      const second = transaction(async () => (await Promise.all([leaves.leaf('b'), leaves.leaf('a')])).join(' and '));

      expect(await Promise.all([first, second])).toEqual(['a then b', 'b and a']);
      expect(logger.warnings.filter((warning) => warning.includes('is waiting for this one'))).toHaveLength(1);
      expect(liveWaits()).toBe(0);
    },
    HUNG_AFTER_MS,
  );

  it(
    'SERIALIZABLE task results staged in two transactions, then read crossed: the second to wait runs without the lock',
    async () => {
      const { engine, events, logger } = setUp();
      let bodyRuns = 0;
      class Stock {
        @Task({ cacheKeyFn: taskInputHash, isolationLevel: 'SERIALIZABLE' })
        async price(sku: string): Promise<number> {
          bodyRuns++;
          return sku.length;
        }
      }
      const stock = engine.attach(new Stock());
      const bothStaged = deferred();
      let staged = 0;
      // Each body ended and staged its result; each transaction holds that key's lock until it ends.
      const order = (first: string, second: string) =>
        transaction(async () => {
          const x = await stock.price(first);
          if (++staged === 2) bothStaged.resolve();
          await bothStaged.promise;
          return [x, await stock.price(second)];
        });

      expect(await Promise.all([order('apple', 'pear'), order('pear', 'apple')])).toEqual([
        [5, 4],
        [4, 5],
      ]);
      expect(bodyRuns).toBe(3); // the first to wait read what the other committed
      expect(states(events).sort()).toEqual([
        'Stock.price:Cached',
        'Stock.price:Completed',
        'Stock.price:Completed',
        'Stock.price:Completed',
      ]);
      expect(logger.warnings.filter((warning) => warning.includes('runs without its lock')).length).toBe(1);
      expect(liveWaits()).toBe(0);
    },
    HUNG_AFTER_MS,
  );
});

describe('a SERIALIZABLE call its transaction did not wait for', () => {
  it(
    'lets go of its lock when it ends, even after its outermost transaction ended',
    async () => {
      const logger = new RecordingLogger();
      const lockManager = new MemoryLockManager();
      const engine = new Engine({
        storage: new MemoryStorage(),
        logger,
        lockManager,
        settings: { persistResultsByDefault: true },
      });
      class Sums {
        @Task({ cacheKeyFn: taskInputHash, isolationLevel: 'SERIALIZABLE' })
        async sum(n: number): Promise<number> {
          return n + 1;
        }
      }
      const sums = engine.attach(new Sums());
      const events: TaskRunEvent[] = [];
      engine.onTaskRun((event) => events.push(event));
      const transactionEnded = deferred();
      let stray: Promise<number> | undefined;
      // The stray call starts only once the transaction has ended (Promise.all rejected without waiting for it).
      await expect(
        transaction(async () => {
          stray = transactionEnded.promise.then(() => sums.sum(1));
          await Promise.all([Promise.reject(new Error('a sibling failed')), stray]);
        }),
      ).rejects.toThrow('a sibling failed');
      transactionEnded.resolve();

      expect(await stray).toBe(2);
      expect(await lockManager.isLocked(events[0].cacheKey!)).toBe(false);
      expect(await sums.sum(1)).toBe(2); // a later call finds the lock free: no wait, no warning
      expect(logger.warnings).toEqual([]);
      expect(liveWaits()).toBe(0);
    },
    HUNG_AFTER_MS,
  );
});

describe('a task that calls itself with the same key', () => {
  it(
    'runs the inner call as a miss instead of waiting for its own caller',
    async () => {
      const { engine, events } = setUp();
      let bodyRuns = 0;
      class Countdown {
        // The key leaves out `n`: every call is "the same" call, as a key that misses an input makes it.
        @Task({ cacheKeyFn: () => 'countdown' })
        async countdown(n: number): Promise<number> {
          bodyRuns++;
          return n === 0 ? 0 : 1 + (await this.countdown(n - 1));
        }
      }
      const countdown = engine.attach(new Countdown());

      expect(await countdown.countdown(3)).toBe(3);
      expect(bodyRuns).toBe(4);
      expect(states(events)).toEqual(Array(4).fill('Countdown.countdown:Completed'));
      expect(await countdown.countdown(3)).toBe(3); // then a hit
      expect(bodyRuns).toBe(4);
      expect(engine.runningCallCount).toBe(0);
      expect(liveWaits()).toBe(0);
    },
    HUNG_AFTER_MS,
  );

  it(
    'also through another task, and from inside a transaction',
    async () => {
      const { engine } = setUp();
      let outerRuns = 0;
      class Tree {
        @Task({ cacheKeyFn: () => 'outline' })
        async outline(depth: number): Promise<string> {
          outerRuns++;
          return depth === 0 ? 'leaf' : `node(${await this.section(depth)})`;
        }

        @Task({ cacheKeyFn: (_context, [depth]) => `section/${String(depth)}` })
        async section(depth: number): Promise<string> {
          return this.outline(depth - 1);
        }
      }
      const tree = engine.attach(new Tree());

      expect(await transaction(() => tree.outline(2))).toBe('node(node(leaf))');
      expect(outerRuns).toBe(3);
      expect(liveWaits()).toBe(0);
    },
    HUNG_AFTER_MS,
  );
});
