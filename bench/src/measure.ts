/** A competitor in a benchmark: one operation, awaited if it returns a promise. */
export interface Case {
  readonly name: string;
  readonly run: () => unknown;
}

export interface Measurement {
  readonly name: string;
  /** Median over rounds of the mean time of one operation, in nanoseconds. */
  readonly nsPerOp: number;
}

/**
 * Runs the cases interleaved (round 1: A, B, C; round 2: B, C, A; ...) so that warm-up, GC and frequency drift
 * hit every case alike, and reports each case's median round.
 */
export async function measureInterleaved(
  cases: readonly Case[],
  { rounds = 30, opsPerRound = 20_000 }: { rounds?: number; opsPerRound?: number } = {},
): Promise<Measurement[]> {
  const samples = cases.map(() => [] as number[]);
  for (const entry of cases) await runBatch(entry, opsPerRound); // warm-up
  for (let round = 0; round < rounds; round++) {
    for (let offset = 0; offset < cases.length; offset++) {
      const index = (round + offset) % cases.length;
      const started = process.hrtime.bigint();
      await runBatch(cases[index], opsPerRound);
      samples[index].push(Number(process.hrtime.bigint() - started) / opsPerRound);
    }
  }
  return cases.map((entry, index) => ({ name: entry.name, nsPerOp: median(samples[index]) }));
}

async function runBatch(entry: Case, count: number): Promise<void> {
  for (let index = 0; index < count; index++) await entry.run();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Prints measurements as a table with each case's ratio to a baseline case. */
export function printTable(title: string, results: readonly Measurement[], baseline: string): void {
  const base = results.find((result) => result.name === baseline);
  console.log(`\n${title}`);
  for (const result of results) {
    const ratio = base ? ` ${(result.nsPerOp / base.nsPerOp).toFixed(3)} × ${baseline}` : '';
    console.log(`  ${result.name.padEnd(36)} ${(result.nsPerOp / 1000).toFixed(3).padStart(9)} µs/op${ratio}`);
  }
}
