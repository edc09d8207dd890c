import type { CaseReference } from './BatchCase';
import { type BatchTiming, type Clock, nsPerOp, wasPreempted } from './BatchTiming';
import { CaseProcess } from './CaseProcess';
import { quantile } from './quantiles';

export interface PairedOptions {
  readonly ours: CaseReference;
  readonly theirs: CaseReference;
  readonly clock: Clock;
  /** Rounds of one batch each, kept or dropped. */
  readonly rounds?: number;
  /** Aimed-for duration of one batch; each side's operation count is sized to it after warm-up. */
  readonly batchMs?: number;
}

/** The median and interquartile range of per-round ratios ours/theirs (per-operation time). */
export interface PairedRatio {
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
  readonly oursNsPerOp: number;
  readonly theirsNsPerOp: number;
  readonly kept: number;
  readonly dropped: number;
  /** What the cases said when closed (e.g. requests per call). */
  readonly notes: readonly string[];
}

// JIT tiers and compiles in background threads (counted in process CPU time) for a while after the first calls:
// warm-up runs at least this long and this many batches before the batch size is fixed.
const WARM_UP_MS = 1_000;
const WARM_UP_BATCHES = 5;
/** Operations an I/O-free case that costs next to nothing may need per batch; a bound, never a target. */
const MAX_BATCH = 1e8;

/**
 * Runs each competitor in a process of its own and alternates their batches (ours, theirs, ours, ...), each after a
 * minor GC; a round is one batch of each, its ratio their per-operation times. On the CPU clock, a round in which
 * either batch was preempted is dropped.
 */
export async function measurePaired(options: PairedOptions): Promise<PairedRatio> {
  const { clock, rounds = 30, batchMs = 20 } = options;
  const started: CaseProcess[] = [];
  try {
    const ours = await CaseProcess.start(options.ours);
    started.push(ours);
    const theirs = await CaseProcess.start(options.theirs);
    started.push(theirs);
    const oursCount = await sizeBatch(ours, clock, batchMs);
    const theirsCount = await sizeBatch(theirs, clock, batchMs);
    const ratios: number[] = [];
    const oursTimes: number[] = [];
    const theirsTimes: number[] = [];
    let dropped = 0;
    for (let round = 0; round < rounds; round++) {
      const mine = await ours.batch(oursCount);
      const other = await theirs.batch(theirsCount);
      if (clock === 'cpu' && (wasPreempted(mine) || wasPreempted(other))) {
        dropped++;
        continue;
      }
      oursTimes.push(nsPerOp(mine, clock));
      theirsTimes.push(nsPerOp(other, clock));
      ratios.push(nsPerOp(mine, clock) / nsPerOp(other, clock));
    }
    const notes: string[] = [];
    for (const process of started) {
      const note = await process.close();
      if (note !== undefined) notes.push(note);
    }
    return {
      median: quantile(ratios, 0.5),
      q1: quantile(ratios, 0.25),
      q3: quantile(ratios, 0.75),
      oursNsPerOp: quantile(oursTimes, 0.5),
      theirsNsPerOp: quantile(theirsTimes, 0.5),
      kept: ratios.length,
      dropped,
      notes,
    };
  } finally {
    // Ends a process that failed or was left open by a failure; one that closed has exited already.
    for (const process of started) process.kill();
  }
}

/** Warms the case up and returns the operation count whose batch takes about `batchMs`. */
async function sizeBatch(process: CaseProcess, clock: Clock, batchMs: number): Promise<number> {
  let count = 1;
  let timing: BatchTiming = await process.batch(count);
  // Grow until a batch is long enough to time (a tenth of the aim), then size from its per-operation time.
  while (nsPerOp(timing, clock) * count < batchMs * 1e5 && count < MAX_BATCH) {
    count *= 4;
    timing = await process.batch(count);
  }
  const warmUntil = performance.now() + WARM_UP_MS;
  for (let batch = 0; batch < WARM_UP_BATCHES || performance.now() < warmUntil; batch++) {
    count = fitBatch(timing, clock, batchMs);
    timing = await process.batch(count);
  }
  return fitBatch(timing, clock, batchMs);
}

function fitBatch(timing: BatchTiming, clock: Clock, batchMs: number): number {
  return Math.min(MAX_BATCH, Math.max(1, Math.round((batchMs * 1e6) / nsPerOp(timing, clock))));
}
