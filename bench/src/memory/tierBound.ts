import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import 'reflect-metadata';
import { Engine, MemoryTier, jsonSerializer, Task, type MemoryEntry } from '@flowcache/core';
import { decodeRecord } from '@flowcache/core/records';
import { FileSystemStorage } from '@flowcache/storage-fs';
import { collectGarbage, retainedHeap } from './collectGarbage';
import { estimateSizeBefore } from './estimateSizeBefore';

const CAP = 64 * 1024 * 1024;
const MiB = 1024 * 1024;

// Distinct, flat strings (as a decoder or a database driver makes them), not ropes of shared pieces.
const text = (value: string) => Buffer.from(value).toString();
const row = (id: number) => ({ id, name: text(`customer ${id}`), amount: id * 1.25 + 0.01 });

interface Shape {
  readonly name: string;
  /** The value kept under the n-th key. */
  readonly make: (n: number) => unknown;
  /** Keys to fill the tier with: about twice what it can hold. */
  readonly keys: number;
}

const SHAPES: readonly Shape[] = [
  { name: 'strings (100 000 chars)', make: (n) => text(`${n}`.padEnd(100_000, 'x')), keys: 1400 },
  {
    name: 'small objects (1 000 rows)',
    make: (n) => Array.from({ length: 1000 }, (_, i) => row(n * 1000 + i)),
    keys: 1500,
  },
  { name: 'typed arrays (Float64Array 16 384)', make: () => new Float64Array(16_384), keys: 1100 },
  {
    name: 'nested Maps (10 × 100 strings)',
    make: (n) =>
      new Map(
        Array.from({ length: 10 }, (_, a) => [
          text(`g${a}`),
          new Map(Array.from({ length: 100 }, (_, b) => [b, text(`v${n}:${a}:${b}`)])),
        ]),
      ),
    keys: 30_000,
  },
  { name: 'tiny results (entry overhead)', make: (n) => n, keys: 400_000 },
];

/** Heap reachable after full collections, plus the ArrayBuffers' bytes, which live outside it. */
function heldBytes(): number {
  return retainedHeap() + process.memoryUsage().arrayBuffers;
}

const entry = (value: unknown): MemoryEntry => ({
  value,
  taskName: 'bench',
  createdAt: new Date(),
  expiresAt: undefined,
});

/** Fills a tier capped at 64 MiB past its cap; what stays reachable through it, against the cap. */
function retainedByTier(shape: Shape): { held: number; estimated: number; kept: number } {
  const store = new MemoryTier(10_000_000, CAP);
  const before = heldBytes();
  for (let n = 0; n < shape.keys; n++) store.set(`${shape.name}:${n}`, entry(shape.make(n)));
  const held = heldBytes() - before;
  const result = { held, estimated: store.bytes, kept: store.size };
  store.clear();
  return result;
}

// In functions of their own, so that no local variable keeps the last value alive while the heap is measured.
function keepRows(store: MemoryTier, key: number): void {
  store.set(`rows:${key}`, entry(Array.from({ length: 1_000_000 }, (_, i) => row(i))));
}

function measureRows(): { valueBytes: number; oldEstimate: number } {
  const before = heldBytes();
  const rows = Array.from({ length: 1_000_000 }, (_, i) => row(i));
  return { valueBytes: heldBytes() - before, oldEstimate: estimateSizeBefore(rows) };
}

function median(samples: number[]): number {
  return [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)];
}

/** A persisted task whose result is the value given: its cold hits read the record written by the first call. */
class Stored {
  constructor(private readonly value: unknown) {}

  @Task({ cacheKeyFn: () => 'bench/estimate', persistResult: true })
  async result(): Promise<unknown> {
    return this.value;
  }
}

/**
 * Time to estimate a value as the tier keeps it, against a cold file hit of the same value as a user sees it: a
 * call of a persisted task whose memory tier was cleared, which reads the record, checks it, decodes the value
 * and keeps it in the tier (estimate included). The record read and decode alone is printed beside it.
 */
async function estimateCost(
  basePath: string,
  value: unknown,
): Promise<{ estimateMs: number; hitMs: number; readMs: number }> {
  const storage = new FileSystemStorage({ basePath });
  const engine = new Engine({ storage, settings: { runHistory: false } });
  const service = engine.attach(new Stored(value));
  await service.result();
  await engine.flush();
  const estimates: number[] = [];
  const hits: number[] = [];
  const reads: number[] = [];
  // The first rounds run before the code is optimized, as they would only in a process that just started: a
  // server that keeps results has estimated many before. Each side is warmed up the same way.
  const warmUp = 200;
  for (let round = 0; round < warmUp + 40; round++) {
    await engine.invalidate('all', { memoryOnly: true });
    const store = new MemoryTier(10, 1024 * MiB);
    let started = performance.now();
    store.set('estimate', entry(value));
    const estimated = performance.now() - started;
    started = performance.now();
    await service.result();
    const hit = performance.now() - started;
    started = performance.now();
    jsonSerializer.deserialize(decodeRecord('bench/estimate', (await storage.get('bench/estimate'))!).payload);
    const read = performance.now() - started;
    if (round < warmUp) continue;
    estimates.push(estimated);
    hits.push(hit);
    reads.push(read);
  }
  return { estimateMs: median(estimates), hitMs: median(hits), readMs: median(reads) };
}

const verdict = (met: boolean) => (met ? 'met' : 'short');
const mb = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;

/** Item: `memoryCacheMaxBytes` holds for every value shape, and estimating a value costs little. */
export async function benchTierBound(): Promise<void> {
  console.log('\n### memory tier: heap it retains with memoryCacheMaxBytes = 64 MiB (goal ≤ 1.5 × the cap)');
  for (const shape of SHAPES) {
    const { held, estimated, kept } = retainedByTier(shape);
    const ratio = held / CAP;
    console.log(
      `  ${shape.name.padEnd(36)} ${String(kept).padStart(7)} kept  estimated ${mb(estimated).padStart(10)}  ` +
        `retained ${mb(held).padStart(10)}  ${ratio.toFixed(2)} × cap  ${verdict(ratio <= 1.5)}`,
    );
  }

  // The case: 1 000 000 rows for each of 8 keys. Each is larger than the whole tier, so none is kept.
  const store = new MemoryTier(1000, CAP);
  const { valueBytes, oldEstimate } = measureRows();
  const before = heldBytes();
  for (let key = 0; key < 8; key++) keepRows(store, key);
  const held = heldBytes() - before;
  console.log(
    `  1 000 000 rows × 8 keys                ${String(store.size).padStart(7)} kept  retained ${mb(held)}  ` +
      `${(held / CAP).toFixed(2)} × cap  ${verdict(held <= 1.5 * CAP)}` +
      `  (before: estimated ${mb(oldEstimate)} each, all 8 kept: ${mb(8 * valueBytes)} retained)`,
  );
  store.clear();

  console.log('\n### memory tier: cost of the estimate against a cold file hit of the same value (goal ≤ 10 %)');
  // The tiers filled above leave garbage behind: collected first, so that neither side pays for it.
  collectGarbage();
  const basePath = mkdtempSync(join(tmpdir(), 'flowcache-tier-'));
  try {
    const rows = Array.from({ length: 10_000 }, (_, i) => row(i));
    const values: [string, unknown][] = [
      ['10 000 rows', rows],
      ...SHAPES.slice(0, 4).map((shape): [string, unknown] => [shape.name, shape.make(1)]),
    ];
    for (const [index, [name, value]] of values.entries()) {
      const { estimateMs, hitMs, readMs } = await estimateCost(join(basePath, String(index)), value);
      const share = estimateMs / hitMs;
      console.log(
        `  ${name.padEnd(36)} estimate ${estimateMs.toFixed(3)} ms  cold hit ${hitMs.toFixed(3)} ms ` +
          `(read and decode ${readMs.toFixed(3)} ms)  ${(share * 100).toFixed(1)} %  ${verdict(share <= 0.1)}`,
      );
    }
    const started = performance.now();
    for (let round = 0; round < 10; round++) estimateSizeBefore(rows);
    console.log(`  (before: 10 000 rows estimated in ${((performance.now() - started) / 10).toFixed(3)} ms)`);
  } finally {
    rmSync(basePath, { recursive: true, force: true });
  }
}
