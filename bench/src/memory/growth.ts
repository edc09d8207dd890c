import 'reflect-metadata';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  Engine,
  Flow,
  MemoryLockManager,
  MemoryStorage,
  Task,
  type CacheKeyFn,
  type LockManager,
  type ResultStorage,
} from '@flowcache/core';
import type { GetOptions } from '@flowcache/core/adapters';
import { FileSystemLockManager, FileSystemStorage } from '@flowcache/storage-fs';
import { OnceWarnings } from '../../../packages/core/src/engine/OnceWarnings';
import { retainedHeap } from './collectGarbage';

// A million distinct keys, outside flows and inside them (one flow run, and many short ones).
const MEMORY_CHECKPOINTS = [100_000, 500_000, 1_000_000];
const FILE_CHECKPOINTS = [5_000, 20_000];
/** "Flat": the heap grows by at most this much between the first and the last checkpoint. */
const FLAT_BYTES = 4 * 1024 * 1024;
const CONCURRENT_CALLS = 100;
const MEMORY_TIER_SIZE = 1000;
const MB = 1024 * 1024;

// Every key is distinct; of them, 2 % fail, 10 % are SERIALIZABLE (persisted), 10 % are persisted in the
// background, 1 % (of those) read a corrupt record, the others are kept in memory only (the structures measured
// are the same; encoding records is what costs time); every tenth call is followed by a call of a recent key.
const fails = (n: number) => n % 50 === 3;
const serialized = (n: number) => n % 10 === 5;
const inBackground = (n: number) => n % 10 === 7;
const corrupt = (n: number) => n % 100 === 7;
const numberOf = (key: string) => Number(key.slice(key.indexOf('-') + 1));
const byKey: CacheKeyFn = (_context, [n]) => `k-${String(n)}`;
const bySerializedKey: CacheKeyFn = (_context, [n]) => `s-${String(n)}`;
const garbage = new TextEncoder().encode('not a record');

/**
 * Stores nothing (the structures measured are the engine's, not a storage's), except that the records of 1 % of
 * the keys read back as garbage: corrupt-record misses, each with its own warn-once topic.
 */
class ThrowawayStorage extends MemoryStorage {
  constructor() {
    super({ name: 'growth' });
  }

  override async get(key: string, _options?: GetOptions): Promise<Uint8Array | undefined> {
    return corrupt(numberOf(key)) ? garbage : undefined;
  }

  override async put(): Promise<void> {}
}

class Traffic {
  @Task({ cacheKeyFn: byKey, persistMode: 'background' })
  async load(n: number): Promise<{ n: number; name: string }> {
    if (fails(n)) throw new Error(`no row ${n}`);
    return { n, name: `row ${n}` };
  }

  @Task({ cacheKeyFn: byKey, persistResult: false })
  async loadToMemory(n: number): Promise<{ n: number; name: string }> {
    if (fails(n)) throw new Error(`no row ${n}`);
    return { n, name: `row ${n}` };
  }

  @Task({ cacheKeyFn: bySerializedKey, isolationLevel: 'SERIALIZABLE' })
  async loadSerialized(n: number): Promise<{ n: number; name: string }> {
    if (fails(n)) throw new Error(`no row ${n}`);
    return { n, name: `row ${n}` };
  }

  @Flow()
  async shortRun(from: number, count: number): Promise<void> {
    await callBatch(this, from, count);
  }

  @Flow()
  async longRun(drive: (traffic: Traffic) => Promise<void>): Promise<void> {
    await drive(this);
  }
}

async function callBatch(traffic: Traffic, from: number, count: number): Promise<void> {
  const calls: Promise<unknown>[] = [];
  for (let n = from; n < from + count; n++) {
    calls.push(serialized(n) ? traffic.loadSerialized(n) : inBackground(n) ? traffic.load(n) : traffic.loadToMemory(n));
    if (n % 10 === 0 && n >= 10) calls.push(traffic.loadToMemory(n - 10));
  }
  await Promise.allSettled(calls);
}

type Shape = 'outside flows' | 'many short flow runs' | 'one flow run';

interface Setup {
  readonly storage: ResultStorage;
  readonly locks: LockManager;
  readonly cleanUp: () => Promise<void>;
}

/**
 * Heap retained by the engine as distinct-key traffic goes on: after 100 000, 500 000 and 1 000 000 calls outside
 * flows (memory storage that keeps nothing, memory tier of 1000), after 100 000 and 300 000 in many short flow
 * runs and in one flow run (run history off: it has its own bound), then with file storage and file locks.
 * Flat: growth between the first and the last checkpoint ≤ 4 MB. Then the warn-once topics of a million corrupt
 * records, kept the old way (one per record) and now.
 */
export async function benchGrowth(): Promise<void> {
  console.log(
    '\n### nothing else grows with traffic (distinct keys; 2 % failing, ' +
      '1 % corrupt, 10 % SERIALIZABLE, 10 % written in the background)',
  );
  const memory = async (): Promise<Setup> => ({
    storage: new ThrowawayStorage(),
    locks: new MemoryLockManager(),
    cleanUp: async () => undefined,
  });
  await measureGrowth('memory storage, outside flows', 'outside flows', MEMORY_CHECKPOINTS, memory);
  for (const shape of ['many short flow runs', 'one flow run'] as const) {
    await measureGrowth(`memory storage, ${shape}`, shape, MEMORY_CHECKPOINTS, memory);
  }
  await measureGrowth('file storage + file locks, outside flows', 'outside flows', FILE_CHECKPOINTS, async () => {
    const basePath = await mkdtemp(path.join(tmpdir(), 'flowcache-growth-'));
    return {
      storage: new FileSystemStorage({ basePath: path.join(basePath, 'results') }),
      locks: new FileSystemLockManager({ directory: path.join(basePath, 'locks') }),
      cleanUp: () => rm(basePath, { recursive: true, force: true }),
    };
  });
  compareWarnOnceTopics(1_000_000);
}

async function measureGrowth(
  label: string,
  shape: Shape,
  checkpoints: number[],
  setUp: () => Promise<Setup>,
): Promise<void> {
  const { storage, locks, cleanUp } = await setUp();
  let lines = 0;
  const engine = new Engine({
    storage,
    lockManager: locks,
    logger: { warn: () => void lines++ },
    settings: { memoryCacheSize: MEMORY_TIER_SIZE, runHistory: false },
  });
  const traffic = engine.attach(new Traffic());
  const started = performance.now();
  const heaps: number[] = [];
  const driveTo = async (on: Traffic, from: number, to: number) => {
    for (let n = from; n < to; n += CONCURRENT_CALLS) {
      if (shape === 'many short flow runs') await on.shortRun(n, CONCURRENT_CALLS);
      else await callBatch(on, n, CONCURRENT_CALLS);
    }
  };
  const driveAll = async (on: Traffic) => {
    let done = 0;
    for (const checkpoint of checkpoints) {
      await driveTo(on, done, checkpoint);
      done = checkpoint;
      await engine.flush();
      heaps.push(retainedHeap());
    }
  };
  try {
    if (shape === 'one flow run') await traffic.longRun(driveAll);
    else await driveAll(traffic);
  } finally {
    await cleanUp();
  }
  const seconds = (performance.now() - started) / 1000;
  const growth = heaps[heaps.length - 1] - heaps[0];
  const figures = checkpoints.map(
    (count, index) => `${count.toLocaleString('en')}: ${(heaps[index] / MB).toFixed(1)} MB`,
  );
  console.log(`${label} — heap after ${figures.join(', ')} (${seconds.toFixed(1)} s)`);
  console.log(
    `  flat (growth ${checkpoints[0].toLocaleString('en')} → ` +
      `${checkpoints[checkpoints.length - 1].toLocaleString('en')} ` +
      `calls ≤ ${FLAT_BYTES / MB} MB): ${(growth / MB).toFixed(1)} MB ${growth <= FLAT_BYTES ? 'met' : 'short'}; ` +
      `left over: ${engine.runningCallCount} in flight, ${engine.pendingWriteCount} writes pending, ` +
      `${engine.rememberedWarnings} warn-once topics; ${lines} warning lines logged`,
  );
}

// The old way kept every topic; measured on the topic strings alone, as the old engine built them.
function compareWarnOnceTopics(records: number): void {
  const topic = (n: number) => `corrupt:memory://growth:k-${n}`;
  const before = retainedHeap();
  const everyTopic = new Set<string>();
  for (let n = 0; n < records; n++) everyTopic.add(topic(n));
  const today = retainedHeap() - before;
  everyTopic.clear();
  let lines = 0;
  const bounded = new OnceWarnings({ warn: () => void lines++ }, Date.now);
  const start = retainedHeap();
  for (let n = 0; n < records; n++) bounded.warn(topic(n), 'corrupt');
  const now = retainedHeap() - start;
  console.log(
    `warn-once topics after ${records.toLocaleString('en')} corrupt records: today ${(today / MB).toFixed(1)} MB ` +
      `(${records.toLocaleString('en')} topics, as many warning lines); now ${(now / MB).toFixed(1)} MB ` +
      `(${bounded.size} topics, ${lines} warning lines) ${now <= FLAT_BYTES ? 'met' : 'short'}`,
  );
}
