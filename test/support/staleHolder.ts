import { expect, it } from '@jest/globals';
import { Engine, Task, taskInputHash, type LockManager, type ResultStorage } from '@flowcache/core';
import type { Lease } from '@flowcache/core/adapters';
import { decodeRecord } from '@flowcache/core/records';
import { RecordingLogger } from './recordingLogger';

/** What the stale-holder scenarios run on: one store and its lock managers, as separate processes would have. */
export interface StaleHolderBackend {
  /** The shared result storage. */
  readonly storage: ResultStorage;
  /** A lock manager of the shared locks: called once per simulated process. */
  lockManager(): LockManager;
  /**
   * Cuts the first process off from the locks and the store (e.g. through a proxy it stops) and returns what
   * brings the link back; absent when the backend has no link to cut: the holder then only stalls.
   */
  cutOff?(): Promise<() => Promise<void>>;
  /** The first process's lock manager when `cutOff` is given: it reaches the locks through the link cut. */
  cutOffLockManager?(): LockManager;
  /** The first process's storage when `cutOff` is given. */
  cutOffStorage?(): ResultStorage;
  /** Removes what the scenario made (directories, proxies, clients). */
  close?(): Promise<void>;
}

/** The lease of the scenarios: short, so that a takeover takes a fraction of a second. */
export const STALE_HOLDER_LEASE_MS = 600;

const KEY_DAY = 'monday';
// The records of the scenario with an old record: written an hour before the engines' clock, lasting a minute.
const NOW = Date.UTC(2026, 11, 7, 12);
const EXPIRATION_MS = 60_000;

/** A task whose body, in the first process, waits until the test lets it finish. */
class Reports {
  runs = 0;

  constructor(
    private readonly process: string,
    private readonly gate: Promise<void> = Promise.resolve(),
    private readonly started: () => void = () => undefined,
  ) {}

  @Task({
    cacheKeyFn: taskInputHash,
    isolationLevel: 'SERIALIZABLE',
    persistResult: true,
    cacheExpiration: EXPIRATION_MS,
  })
  async build(day: string): Promise<string> {
    this.runs++;
    this.started();
    await this.gate;
    return `${this.process}'s report for ${day}`;
  }
}

/**
 * A lock manager whose holder stops renewing its leases, as a process paused (a long GC pause, SIGSTOP) or cut off
 * from the lock store does: each renewal waits for ever. Everything else reaches the real lock manager.
 */
export function withoutRenewals(locks: LockManager): LockManager {
  return {
    location: locks.location,
    acquire: (key, holder, options) => locks.acquire(key, holder, options),
    renew: (_lease: Lease) => new Promise<Lease>(() => undefined),
    release: (lease) => locks.release(lease),
    isLocked: (key) => locks.isLocked(key),
    waitForRelease: (key, timeoutMs) => locks.waitForRelease(key, timeoutMs),
  };
}

/** Settles a promise from outside: the test decides when the first holder's body returns. */
function gate(): { readonly promise: Promise<void>; open(): void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/**
 * The stale-holder scenarios every lock manager and storage pass, registered in the caller's `describe`: the
 * holder of a SERIALIZABLE key keeps running past its lease (it stalls, or is cut off from the store), another
 * process takes the lock over, runs the body and commits; the first holder then finishes. Its write is refused:
 * the record stays the new holder's, which every reader afterwards gets (the first process too), while the first
 * holder's own call still returns its value, with a warning naming the task and the key. Once with no record
 * before, once with an expired record both holders saw; with `cutOff`, once more with the first process cut off
 * from the locks and the store (see `StaleHolderBackend.cutOff`) instead of stalled.
 */
export function itFencesAStaleHolder(
  backend: () => Promise<StaleHolderBackend> | StaleHolderBackend,
  { cutOff = false }: { readonly cutOff?: boolean } = {},
): void {
  const scenarios = [
    ['nothing was stored', false],
    ['an expired record was stored', true],
  ] as const;
  for (const [before, withOldRecord] of scenarios) {
    it(`keeps the new holder's record when a holder that stalled past its lease finishes (${before})`, async () => {
      await runScenario(await backend(), withOldRecord, false);
    });
  }
  if (!cutOff) return;
  it("keeps the new holder's record when a holder cut off from the store past its lease comes back", async () => {
    await runScenario(await backend(), false, true);
  });
}

async function runScenario(backend: StaleHolderBackend, withOldRecord: boolean, cutOff: boolean): Promise<void> {
  try {
    await takeOver(backend, withOldRecord, cutOff);
  } finally {
    await backend.close?.();
  }
}

async function takeOver(backend: StaleHolderBackend, withOldRecord: boolean, cutOff: boolean): Promise<void> {
  const settings = { lockLeaseMs: STALE_HOLDER_LEASE_MS };
  const clock = () => NOW;
  if (withOldRecord) {
    const earlier = new Engine({
      storage: backend.storage,
      lockManager: backend.lockManager(),
      settings,
      clock: () => NOW - 3_600_000,
    });
    expect(await earlier.attach(new Reports('yesterday')).build(KEY_DAY)).toBe(`yesterday's report for ${KEY_DAY}`);
  }

  const firstLogger = new RecordingLogger();
  const firstGate = gate();
  const firstStarted = gate();
  const first = new Engine({
    storage: cutOff ? backend.cutOffStorage!() : backend.storage,
    lockManager: cutOff ? backend.cutOffLockManager!() : withoutRenewals(backend.lockManager()),
    settings,
    clock,
    logger: firstLogger,
  });
  const firstReports = first.attach(new Reports('first', firstGate.promise, firstStarted.open));
  const firstCall = firstReports.build(KEY_DAY);
  await firstStarted.promise; // it holds the lock

  const restore = cutOff ? await backend.cutOff!() : undefined;
  // The second process waits until the first holder's lease ends, takes the lock over and commits.
  const secondLogger = new RecordingLogger();
  const second = new Engine({
    storage: backend.storage,
    lockManager: backend.lockManager(),
    settings,
    clock,
    logger: secondLogger,
  });
  const secondReports = second.attach(new Reports('second'));
  const secondValue = `second's report for ${KEY_DAY}`;
  expect(await secondReports.build(KEY_DAY)).toBe(secondValue);
  expect(secondReports.runs).toBe(1);

  await restore?.();
  firstGate.open();
  // The stale holder's call returns what it computed, and says why it was not stored.
  expect(await firstCall).toBe(`first's report for ${KEY_DAY}`);
  // Every reader afterwards gets the value the second holder's callers got: storage keeps its record.
  const stored = await readStoredValue(backend.storage);
  expect(stored).toBe(secondValue);
  const third = new Engine({ storage: backend.storage, lockManager: backend.lockManager(), settings, clock });
  const thirdReports = third.attach(new Reports('third'));
  expect(await thirdReports.build(KEY_DAY)).toBe(secondValue);
  expect(thirdReports.runs).toBe(0);
  // The first process too: it did not keep its own value in memory.
  expect(await firstReports.build(KEY_DAY)).toBe(secondValue);
  expect(firstReports.runs).toBe(1);
  expect(secondLogger.warnings.filter((message) => message.includes('not written'))).toEqual([]);
  const refused = firstLogger.warnings.filter((message) => message.includes('its result was not written'));
  expect(refused).toHaveLength(1);
  expect(refused[0]).toMatch(
    /^Reports\.build: its result was not written under "[^"]+" in \S+: another holder took the lock over/,
  );
  expect(refused[0]).toContain(backend.storage.location);
}

/** The value in the one record stored (JSON), decoded from its bytes. */
async function readStoredValue(storage: ResultStorage): Promise<unknown> {
  const { objects } = await storage.list('');
  const records = objects.filter((object) => !object.key.startsWith('_'));
  expect(records).toHaveLength(1);
  const bytes = (await storage.get(records[0].key))!;
  const { payload } = decodeRecord(records[0].key, bytes, { signingKeys: [] });
  return JSON.parse(Buffer.from(payload).toString('utf8'));
}
