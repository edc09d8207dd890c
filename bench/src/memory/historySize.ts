import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Engine, Flow, MemoryStorage, Task } from '@flowcache/core';
import { CacheInspector, RUN_HISTORY_PREFIX } from '@flowcache/core/records';
import { retainedHeap } from './collectGarbage';

const HITS = 1_000_000;
const HEAP_GOAL_BYTES = 20 * 1024 * 1024;
const STORED_GOAL_BYTES = 1024 * 1024;
// The old way (every task run kept in detail) is shown on as many calls as the highest runHistoryDetail keeps in
// detail, scaled: the real thing holds hundreds of megabytes.
const OLD_WAY_HITS = 10_000;

class Prices {
  @Task({ cacheKeyFn: () => 'price', persistResult: false })
  async price(): Promise<number> {
    return 42;
  }
}

class Pricing {
  heapGrowth = 0;
  nsPerHit = 0;
  constructor(private readonly prices: Prices) {}

  /** `calls` memory hits (after one miss), with the heap measured before and at the end of the body. */
  @Flow({ name: 'pricing' })
  async run(calls: number): Promise<void> {
    await this.prices.price();
    const before = retainedHeap();
    const started = performance.now();
    for (let call = 1; call < calls; call++) await this.prices.price();
    this.nsPerHit = ((performance.now() - started) * 1e6) / (calls - 1);
    this.heapGrowth = retainedHeap() - before;
  }
}

/** Heap held while one flow run makes the calls, and the bytes of the history it stores. */
async function runFlow(
  calls: number,
  runHistoryDetail?: number,
): Promise<{ storage: MemoryStorage; heapGrowth: number; nsPerHit: number; stored: number }> {
  const storage = new MemoryStorage();
  const engine = new Engine({ storage, settings: runHistoryDetail === undefined ? {} : { runHistoryDetail } });
  const pricing = engine.attach(new Pricing(engine.attach(new Prices())));
  await pricing.run(calls);
  const { objects } = await storage.list(RUN_HISTORY_PREFIX);
  return { storage, heapGrowth: pricing.heapGrowth, nsPerHit: pricing.nsPerHit, stored: objects[0].size };
}

/** Run history stays small: 1 000 000 hits in one flow run, its heap, its stored history, and reading it back. */
export async function benchHistorySize(): Promise<void> {
  console.log(`\n### run history of one flow run making ${HITS.toLocaleString('en')} memory hits`);
  const old = await measureOldWay();
  const scale = HITS / OLD_WAY_HITS;
  const now = await runFlow(HITS);
  console.log(
    `heap added while the flow runs: ${mib(now.heapGrowth)} (goal ≤ ` +
      `${mib(HEAP_GOAL_BYTES)}: ${met(now.heapGrowth <= HEAP_GOAL_BYTES)}); ` +
      `every run in detail: ${mib(old.heapGrowth * scale)} (measured ` +
      `on ${OLD_WAY_HITS.toLocaleString('en')} calls, ×${scale})`,
  );
  console.log(
    `history stored: ${kib(now.stored)} (goal ≤ ${mib(STORED_GOAL_BYTES)}: ${met(now.stored <= STORED_GOAL_BYTES)}); ` +
      `every run in detail: ${mib(old.stored * scale)} (×${scale})`,
  );
  console.log(`time per hit: ${now.nsPerHit.toFixed(0)} ns; every run in detail: ${old.nsPerHit.toFixed(0)} ns`);
  const inspector = new CacheInspector(now.storage);
  const before = retainedHeap();
  let started = performance.now();
  const { flowRuns } = await inspector.flowRuns();
  const listMs = performance.now() - started;
  started = performance.now();
  const run = await inspector.flowRun(flowRuns[0].flowRunId);
  const showMs = performance.now() - started;
  const held = retainedHeap() - before;
  const counted = run?.moreTaskRuns.reduce((sum, task) => sum + task.count, 0) ?? 0;
  console.log(
    `CacheInspector.flowRuns: ${listMs.toFixed(1)} ms, flowRun: ` +
      `${showMs.toFixed(1)} ms, heap held by both results: ${mib(held)} ` +
      `(${run?.taskRuns.length ?? 0} task runs in detail, ${counted.toLocaleString('en')} counted); ` +
      `every run in detail: flowRuns ${old.listMs.toFixed(0)} ms for ${OLD_WAY_HITS.toLocaleString('en')} calls`,
  );
}

/** The same flow run with every task run kept in detail, on fewer calls; only figures are kept. */
async function measureOldWay(): Promise<{ heapGrowth: number; nsPerHit: number; stored: number; listMs: number }> {
  const { storage, ...figures } = await runFlow(OLD_WAY_HITS, OLD_WAY_HITS);
  const started = performance.now();
  await new CacheInspector(storage).flowRuns();
  return { ...figures, listMs: performance.now() - started };
}

function mib(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function kib(bytes: number): string {
  return `${(bytes / 1024).toFixed(0)} KiB`;
}

function met(ok: boolean): string {
  return ok ? 'met' : 'short';
}
