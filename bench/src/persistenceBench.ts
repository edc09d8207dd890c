import 'reflect-metadata';
import { isDeepStrictEqual } from 'node:util';
import { mkdtempSync, readFileSync, rmSync, existsSync, promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  Engine,
  jsonSerializer,
  MemoryStorage,
  Task,
  taskInputHash,
  TieredStorage,
  type Logger,
  type TaskRunEvent,
} from '@flowcache/core';
import { decodeRecord } from '@flowcache/core/records';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { S3Storage } from '@flowcache/storage-s3';
import { recordRequests, startS3rver } from '../../packages/storage-s3/test/support/s3rverFixture';
import { measureInterleaved, printTable } from './measure';
import { DelayedStorage } from './persistence/DelayedStorage';

/** A realistic small result: one day of sales, 50 rows. */
interface SaleRow {
  id: number;
  region: string;
  amount: number;
}

const REGIONS = ['eu', 'us', 'apac', 'latam'];
const ROW_COUNT = 50;

function makeSaleRows(seed: string, count = ROW_COUNT): SaleRow[] {
  let state = [...seed].reduce((hash, char) => (Math.imul(hash, 31) + char.charCodeAt(0)) >>> 0, 7);
  const next = () => (state = (Math.imul(state, 1_664_525) + 1_013_904_223) >>> 0);
  return Array.from({ length: count }, (_, id) => ({
    id,
    region: REGIONS[next() % REGIONS.length],
    amount: (next() % 1_000_000) / 100,
  }));
}

// Results are written here so that no measured operation is ever dead code.
let sink: unknown;

/** Collects warnings instead of printing them in the middle of a table; they are printed after it. */
function collectingLogger(): Logger & { readonly messages: string[] } {
  const messages: string[] = [];
  return { messages, warn: (message) => messages.push(message) };
}

function printWarnings(logger: { readonly messages: readonly string[] }): void {
  for (const message of logger.messages) console.log(`  warning logged by flowcache: ${message}`);
}

/**
 * Persistence costs: a hit read from a FileSystemStorage against reading and decoding the same file by hand, the
 * S3 requests each kind of call sends (s3rver in this process), and what a miss waits for with a slow storage,
 * in `sync` against `background` persist mode.
 */
export async function benchPersistence(): Promise<void> {
  console.log('\nPersistence');
  await benchFileHit();
  await benchS3Requests();
  await benchMissWithSlowStorage();
}

// ---------------------------------------------------------------------------------------------------------------
// 1. File-storage hit latency

class FileReports {
  runs = 0;

  @Task({ cacheKeyFn: taskInputHash, cacheResultInMemory: false })
  async salesOfDay(day: string): Promise<SaleRow[]> {
    this.runs++;
    return makeSaleRows(day);
  }
}

const FILE_HIT_GOAL = 1.5;
const FILE_HIT_ROUNDS = 25;
/** Wall time one run of one case aims at; the slowest case decides the number of operations per run. */
const FILE_HIT_TARGET_RUN_MS = 40;

async function benchFileHit(): Promise<void> {
  const basePath = mkdtempSync(path.join(tmpdir(), 'flowcache-bench-fs-'));
  try {
    const storage = new FileSystemStorage({ basePath });
    const logger = collectingLogger();
    const day = '2026-11-26';

    // The warm call writes the record; a listener on this engine gives its key.
    const writer = new Engine({ storage, logger });
    const events: TaskRunEvent[] = [];
    writer.onTaskRun((event) => events.push(event));
    const expected = await writer.attach(new FileReports()).salesOfDay(day);
    const key = events[0]?.cacheKey;
    if (events[0]?.state !== 'Completed' || key === undefined) throw new Error('the warm call did not run and persist');
    const file = path.join(storage.basePath, `${key}.fcr`);
    if (!existsSync(file)) throw new Error(`the record is not at ${file}`);
    const recordBytes = readFileSync(file).byteLength;
    const payloadBytes = decodeRecord(key, readFileSync(file)).payload.byteLength;

    // Hits are measured on an engine without listeners (the cheapest path); the memory tier is off for the task.
    const reports = new Engine({ storage, logger }).attach(new FileReports());
    const inMemory = readFileSync(file);
    const readSyncAndDecode = () => jsonSerializer.deserialize(decodeRecord(key, readFileSync(file)).payload);
    const readAsyncAndDecode = async () =>
      jsonSerializer.deserialize(decodeRecord(key, await fsp.readFile(file)).payload);
    for (const value of [await reports.salesOfDay(day), readSyncAndDecode(), await readAsyncAndDecode()]) {
      if (!isDeepStrictEqual(value, expected))
        throw new Error('a reader returned something other than the stored rows');
    }

    const estimate = await estimateNsPerOp(() => reports.salesOfDay(day), 300);
    const opsPerRound = Math.min(5_000, Math.max(100, Math.round((FILE_HIT_TARGET_RUN_MS * 1e6) / estimate)));
    const names = {
      flowcache: 'flowcache file hit',
      sync: 'fs.readFileSync + decode',
      async: 'fs.promises.readFile + decode',
      decode: 'decode only (bytes in memory)',
    };
    const results = await measureInterleaved(
      [
        { name: names.flowcache, run: async () => (sink = await reports.salesOfDay(day)) },
        { name: names.sync, run: () => (sink = readSyncAndDecode()) },
        { name: names.async, run: async () => (sink = await readAsyncAndDecode()) },
        { name: names.decode, run: () => (sink = jsonSerializer.deserialize(decodeRecord(key, inMemory).payload)) },
      ],
      { rounds: FILE_HIT_ROUNDS, opsPerRound },
    );
    if (reports.runs !== 0)
      throw new Error(`the measured task ran its body ${reports.runs} times: not every call was a hit`);

    printTable(
      `1. File-storage hit latency: ${ROW_COUNT} rows of { id, region, amount }, record ${recordBytes} B ` +
        `(payload ${payloadBytes} B, json/v1), cacheResultInMemory: false ` +
        `(${FILE_HIT_ROUNDS} interleaved rounds × ${opsPerRound} ops, median round)`,
      results,
      names.sync,
    );
    const time = (name: string) => results.find((result) => result.name === name)!.nsPerOp;
    const ours = time(names.flowcache);
    const vsSync = ours / time(names.sync);
    const vsAsync = ours / time(names.async);
    console.log(`  flowcache / (fs.readFileSync + decode):      ${vsSync.toFixed(2)} ×`);
    console.log(
      `  flowcache / (fs.promises.readFile + decode): ${vsAsync.toFixed(2)} × (flowcache's read is async too)`,
    );
    console.log(
      `  goal: flowcache file hit ≤ ${FILE_HIT_GOAL} × (fs.readFileSync + decode): measured ${vsSync.toFixed(2)} × → ` +
        (vsSync <= FILE_HIT_GOAL ? 'goal met' : 'goal NOT met'),
    );
    printWarnings(logger);
  } finally {
    rmSync(basePath, { recursive: true, force: true });
  }
}

/** Rough ns per awaited operation, after `count` warm-up operations. */
async function estimateNsPerOp(op: () => unknown, count: number): Promise<number> {
  for (let index = 0; index < count; index++) sink = await op();
  const started = process.hrtime.bigint();
  for (let index = 0; index < count; index++) sink = await op();
  return Number(process.hrtime.bigint() - started) / count;
}

// ---------------------------------------------------------------------------------------------------------------
// 2. S3 request counts

class S3Reports {
  runs = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async salesOfDay(day: string): Promise<SaleRow[]> {
    this.runs++;
    return makeSaleRows(day);
  }
}

const S3_REPETITIONS = 7;

interface S3Sample {
  readonly commands: readonly string[];
  readonly ns: number;
}

async function benchS3Requests(): Promise<void> {
  const s3 = await startS3rver({ bucket: 'flowcache-bench' });
  // A worker's local tier on this host's disk, kept from one worker to the next.
  const localPath = mkdtempSync(path.join(tmpdir(), 'flowcache-bench-tier-'));
  try {
    const client = s3.createClient();
    const requests = recordRequests(client);
    const storage = new S3Storage({ client, bucket: s3.bucket, prefix: `bench-${process.pid}-${Date.now()}` });
    const logger = collectingLogger();
    const tiered = () =>
      new TieredStorage({ local: new FileSystemStorage({ basePath: localPath }), remote: storage, logger });

    const timed = async (call: () => Promise<unknown>): Promise<S3Sample> => {
      requests.clear();
      const started = process.hrtime.bigint();
      sink = await call();
      const ns = Number(process.hrtime.bigint() - started);
      return { commands: [...requests.commands], ns };
    };
    const kinds = {
      miss: 'miss (first call; GET finds nothing, body runs, PUT)',
      storageHit: 'hit from S3 in a fresh Engine',
      memoryHit: 'memory hit (same Engine, again)',
      tierFill: 'TieredStorage hit, empty local tier (fresh Engine)',
      tierHit: 'TieredStorage hit, restarted (same local tier)',
    };
    const samples: Record<keyof typeof kinds, S3Sample[]> = {
      miss: [],
      storageHit: [],
      memoryHit: [],
      tierFill: [],
      tierHit: [],
    };
    let bodyRunsOnHits = 0;
    // Repetition 0 warms the SDK, the connection and the JIT; it is not reported.
    for (let repetition = 0; repetition <= S3_REPETITIONS; repetition++) {
      const day = `2026-11-${String(repetition + 1).padStart(2, '0')}`;
      const writer = new Engine({ storage, logger }).attach(new S3Reports());
      const miss = await timed(() => writer.salesOfDay(day));
      const reader = new Engine({ storage, logger }).attach(new S3Reports());
      const storageHit = await timed(() => reader.salesOfDay(day));
      const memoryHit = await timed(() => reader.salesOfDay(day));
      if (!isDeepStrictEqual(sink, makeSaleRows(day))) throw new Error('the S3 hit returned other rows');
      const filling = new Engine({ storage: tiered(), logger }).attach(new S3Reports());
      const tierFill = await timed(() => filling.salesOfDay(day));
      const restarted = new Engine({ storage: tiered(), logger }).attach(new S3Reports());
      const tierHit = await timed(() => restarted.salesOfDay(day));
      if (!isDeepStrictEqual(sink, makeSaleRows(day))) throw new Error('the local tier returned other rows');
      bodyRunsOnHits += reader.runs + filling.runs + restarted.runs;
      if (repetition === 0) continue;
      samples.miss.push(miss);
      samples.storageHit.push(storageHit);
      samples.memoryHit.push(memoryHit);
      samples.tierFill.push(tierFill);
      samples.tierHit.push(tierHit);
    }

    const expected: Record<keyof typeof kinds, string> = {
      miss: 'GetObject ×1, PutObject ×1',
      storageHit: 'GetObject ×1',
      memoryHit: 'none',
      tierFill: 'GetObject ×1',
      tierHit: 'none',
    };
    console.log(
      `\n2. S3 requests per call (s3rver in this process on 127.0.0.1; ${ROW_COUNT}-row result, sync persist; ` +
        `median wall time of ${S3_REPETITIONS} repetitions after 1 warm-up)`,
    );
    console.log(`  ${'call'.padEnd(54)} ${'requests'.padEnd(36)} ${'wall time'.padStart(12)}`);
    let allAsExpected = true;
    for (const kind of Object.keys(kinds) as (keyof typeof kinds)[]) {
      const counts = new Set(samples[kind].map((sample) => countCommands(sample.commands)));
      const asExpected = counts.size === 1 && counts.has(expected[kind]);
      allAsExpected &&= asExpected;
      const shown = [...counts].join(' | ');
      console.log(
        `  ${kinds[kind].padEnd(54)} ${shown.padEnd(36)} ` +
          `${formatNs(median(samples[kind].map((s) => s.ns))).padStart(12)}` +
          `  ${asExpected ? '(as expected)' : `(UNEXPECTED: expected ${expected[kind]})`}`,
      );
    }
    if (bodyRunsOnHits !== 0) {
      allAsExpected = false;
      console.log(`  UNEXPECTED: the reader ran the body ${bodyRunsOnHits} times`);
    }
    console.log(
      `  request counts: ${allAsExpected ? 'all as expected' : 'NOT as expected (see above)'}; ` +
        `no goal besides printing`,
    );
    printWarnings(logger);
  } finally {
    rmSync(localPath, { recursive: true, force: true });
    await s3.close();
  }
}

/** `GetObject ×1, PutObject ×1` in first-seen order, `none` for no request. */
function countCommands(commands: readonly string[]): string {
  if (commands.length === 0) return 'none';
  const counts = new Map<string, number>();
  for (const command of commands) counts.set(command, (counts.get(command) ?? 0) + 1);
  return [...counts].map(([command, count]) => `${command} ×${count}`).join(', ');
}

// ---------------------------------------------------------------------------------------------------------------
// 3. Miss wall time with injected storage latency, sync against background

const BODY_MS = 20;
const INJECTED_MS = 50;
const BACKGROUND_GOAL_MARGIN_MS = 5;
const MISS_ROUNDS = 20;

/** The task body: 20 ms of waiting (a query, a remote call), then a small result. */
async function computeSales(seed: number): Promise<SaleRow[]> {
  await sleep(BODY_MS);
  return makeSaleRows(String(seed));
}

class SlowSales {
  @Task({ cacheKeyFn: taskInputHash, persistMode: 'sync' })
  async syncSales(seed: number): Promise<SaleRow[]> {
    return computeSales(seed);
  }

  @Task({ cacheKeyFn: taskInputHash, persistMode: 'background' })
  async backgroundSales(seed: number): Promise<SaleRow[]> {
    return computeSales(seed);
  }
}

interface MissCase {
  readonly name: string;
  readonly run: (seed: number) => Promise<unknown>;
}

async function benchMissWithSlowStorage(): Promise<void> {
  const logger = collectingLogger();
  const writeSlowInner = new MemoryStorage({ name: 'write-slow' });
  const bothSlowInner = new MemoryStorage({ name: 'both-slow' });
  const writeSlowEngine = new Engine({ storage: new DelayedStorage(writeSlowInner, { writeMs: INJECTED_MS }), logger });
  const bothSlowEngine = new Engine({
    storage: new DelayedStorage(bothSlowInner, { readMs: INJECTED_MS, writeMs: INJECTED_MS }),
    logger,
  });
  const writeSlow = writeSlowEngine.attach(new SlowSales());
  const bothSlow = bothSlowEngine.attach(new SlowSales());

  const names = {
    body: `task body alone (awaits ${BODY_MS} ms)`,
    syncWrite: `sync,       +${INJECTED_MS} ms write`,
    backgroundWrite: `background, +${INJECTED_MS} ms write`,
    syncBoth: `sync,       +${INJECTED_MS} ms read & write`,
    backgroundBoth: `background, +${INJECTED_MS} ms read & write`,
  };
  const cases: MissCase[] = [
    { name: names.body, run: (seed) => computeSales(seed) },
    { name: names.syncWrite, run: (seed) => writeSlow.syncSales(seed) },
    { name: names.backgroundWrite, run: (seed) => writeSlow.backgroundSales(seed) },
    { name: names.syncBoth, run: (seed) => bothSlow.syncSales(seed) },
    { name: names.backgroundBoth, run: (seed) => bothSlow.backgroundSales(seed) },
  ];
  const samples = cases.map(() => [] as number[]);
  let seed = 0;
  let persistedCalls = 0;
  // Round 0 warms up and is not recorded; rounds rotate the order so drift hits every case alike.
  for (let round = 0; round <= MISS_ROUNDS; round++) {
    for (let offset = 0; offset < cases.length; offset++) {
      const index = (round + offset) % cases.length;
      const started = process.hrtime.bigint();
      sink = await cases[index].run(++seed); // a fresh key: always a miss
      const ns = Number(process.hrtime.bigint() - started);
      // Pending background writes finish outside the timed region, so they never pile up into the next call.
      await writeSlowEngine.flush();
      await bothSlowEngine.flush();
      if (index > 0) persistedCalls++;
      if (round > 0) samples[index].push(ns);
    }
  }
  const stored =
    (await writeSlowInner.list('', { limit: 10_000 })).objects.length +
    (await bothSlowInner.list('', { limit: 10_000 })).objects.length;

  const ms = samples.map((values) => median(values) / 1e6);
  const [body] = ms;
  console.log(
    `\n3. Miss wall time with ${INJECTED_MS} ms injected storage latency (MemoryStorage behind a delay; ` +
      `a fresh key per call; engine.flush() between calls, untimed; median of ${MISS_ROUNDS} interleaved rounds)`,
  );
  cases.forEach((entry, index) => {
    const extra = index === 0 ? '' : `  body + ${(ms[index] - body).toFixed(2).padStart(6)} ms`;
    const range =
      `(min ${(Math.min(...samples[index]) / 1e6).toFixed(2)}, ` +
      `max ${(Math.max(...samples[index]) / 1e6).toFixed(2)})`;
    console.log(`  ${entry.name.padEnd(36)} ${ms[index].toFixed(2).padStart(8)} ms${extra}  ${range}`);
  });
  const background = ms[2];
  const margin = background - body;
  console.log(
    `  background saves ${(ms[1] - ms[2]).toFixed(2)} ms per miss with a slow write; with a slow read too, the ` +
      `${INJECTED_MS} ms GET before the body stays in every mode (background − body = ${(ms[4] - body).toFixed(2)} ms)`,
  );
  console.log(
    `  goal: background miss ≤ body + ${BACKGROUND_GOAL_MARGIN_MS} ms with ${INJECTED_MS} ms write latency: ` +
      `body ${body.toFixed(2)} ms, sync ${ms[1].toFixed(2)} ms, background ${background.toFixed(2)} ms, ` +
      `margin ${margin.toFixed(2)} ms → ${margin <= BACKGROUND_GOAL_MARGIN_MS ? 'goal met' : 'goal NOT met'}`,
  );
  if (stored !== persistedCalls) {
    console.log(`  UNEXPECTED: ${persistedCalls} persisting misses but ${stored} records stored after flush()`);
  }
  printWarnings(logger);
}

// ---------------------------------------------------------------------------------------------------------------

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function formatNs(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  return `${(ns / 1e3).toFixed(1)} µs`;
}
