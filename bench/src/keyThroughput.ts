import { createHash } from 'node:crypto';
import { stableHash } from '@flowcache/core';
import objectHash from 'object-hash';
import { measureInterleaved } from './measure';
import { makeBuffer, makeFloat64Array, makeRows, makeSmallDtos } from './goals/hashingInputs';

/** Wall time one run of a case aims at: fast operations are repeated inside the run until they take about this. */
const TARGET_RUN_MS = 20;
/** A competitor whose single operation takes longer than this is reported as skipped instead of measured. */
const SKIP_ABOVE_MS = 5_000;
const MIN_ROUNDS = 5;
const MAX_ROUNDS = 21;
const MB = 1_000_000;

/** One competitor on one input: `op` computes one key. */
interface Competitor {
  readonly name: string;
  readonly op: () => unknown;
}

/** One input and the competitors keyed on it; `budgetMs` bounds the measured rounds (calibration and warm-up aside). */
interface KeyInput {
  readonly title: string;
  readonly baseline: string;
  /** Bytes per operation, for inputs whose throughput is reported in MB/s. */
  readonly bytes?: number;
  readonly budgetMs: number;
  readonly competitors: readonly Competitor[];
  /** Competitors deliberately left out, with the reason. */
  readonly notRun?: readonly { readonly name: string; readonly reason: string }[];
}

interface KeyResult {
  readonly name: string;
  /** Median over rounds of the mean time of one operation; undefined when skipped. */
  readonly nsPerOp?: number;
  readonly note: string;
}

// Results are written here so that no key computation is ever dead code.
// biome-ignore lint/correctness/noUnusedVariables: written only, on purpose
let sink: unknown;

/**
 * Key time of `stableHash` on a small object, 10 000 rows, a 10 MiB Buffer and a 1M-element Float64Array, against
 * sha256 of the raw bytes, JSON.stringify + sha256 and object-hash, all interleaved in this process.
 */
export async function benchKeyThroughput(): Promise<void> {
  console.log('\nKey throughput: stableHash(value) against other ways of keying the same input');
  console.log(
    `  (median of interleaved rounds; fast operations repeat ` +
      `inside one run of ~${TARGET_RUN_MS} ms; 1 MB = 10^6 bytes)`,
  );

  const smallPool = makeSmallDtos(8192);
  const smallSame = smallPool[0];
  let cursor = 0;
  const nextSmall = () => smallPool[cursor++ & (smallPool.length - 1)];
  const rows = makeRows(10_000);
  const buffer = makeBuffer(10 * 1024 * 1024);
  const floats = makeFloat64Array(1_000_000);
  const floatBytes = new Uint8Array(floats.buffer, floats.byteOffset, floats.byteLength);
  checkDeterministic(smallSame, rows, buffer, floats);

  const inputs: KeyInput[] = [
    {
      title: `small object ${JSON.stringify(smallSame)} (8192 variants, a new one each op)`,
      baseline: 'JSON.stringify + sha256',
      budgetMs: 2_000,
      competitors: [
        { name: 'stableHash', op: () => stableHash(nextSmall()) },
        { name: 'JSON.stringify + sha256', op: () => sha256Hex(JSON.stringify(nextSmall())) },
        { name: 'object-hash', op: () => objectHash(nextSmall()) },
        // stableHash keeps the digests of recent short encodings: a repeated key (a cache hit) skips sha256.
        { name: 'stableHash, same value (digest memo)', op: () => stableHash(smallSame) },
      ],
    },
    {
      title: `10 000 rows of { id, name, amount, region, createdAt } (JSON ${formatMB(JSON.stringify(rows).length)})`,
      baseline: 'JSON.stringify + sha256',
      budgetMs: 6_000,
      competitors: [
        { name: 'stableHash', op: () => stableHash(rows) },
        { name: 'JSON.stringify + sha256', op: () => sha256Hex(JSON.stringify(rows)) },
        { name: 'object-hash', op: () => objectHash(rows) },
      ],
    },
    {
      title: `10 MiB Buffer (${formatMB(buffer.byteLength)})`,
      baseline: 'raw sha256 of the bytes',
      bytes: buffer.byteLength,
      budgetMs: 3_000,
      competitors: [
        { name: 'stableHash', op: () => stableHash(buffer) },
        { name: 'raw sha256 of the bytes', op: () => sha256Hex(buffer) },
        { name: 'object-hash (sha1 of the bytes)', op: () => objectHash(buffer) },
      ],
      notRun: [
        {
          name: 'JSON.stringify + sha256',
          reason: 'not run: JSON turns every byte into a decimal number ({"type":"Buffer","data":[...]})',
        },
      ],
    },
    {
      title: `Float64Array of 1 000 000 elements (${formatMB(floats.byteLength)})`,
      baseline: 'raw sha256 of the bytes',
      bytes: floats.byteLength,
      budgetMs: 8_000,
      competitors: [
        { name: 'stableHash', op: () => stableHash(floats) },
        { name: 'raw sha256 of the bytes', op: () => sha256Hex(floatBytes) },
        { name: 'object-hash', op: () => objectHash(floats) },
      ],
      notRun: [
        {
          name: 'JSON.stringify + sha256',
          reason: 'not run: JSON.stringify gives {"0":…,"1":…} with a decimal string per element, not a binary key',
        },
      ],
    },
  ];

  const byInput: KeyResult[][] = [];
  for (const input of inputs) byInput.push(await measureInput(input));
  printGoals(inputs, byInput);
}

async function measureInput(input: KeyInput): Promise<KeyResult[]> {
  const plans = input.competitors.map((competitor) => {
    const estimate = estimateNsPerOp(competitor.op);
    const skipped = estimate > SKIP_ABOVE_MS * 1e6;
    const reps = Math.max(1, Math.round((TARGET_RUN_MS * 1e6) / estimate));
    return { competitor, estimate, skipped, reps };
  });
  const measured = plans.filter((plan) => !plan.skipped);
  const nsPerRound = measured.reduce((sum, plan) => sum + plan.reps * plan.estimate, 0);
  const rounds = clamp(Math.floor((input.budgetMs * 1e6) / nsPerRound), MIN_ROUNDS, MAX_ROUNDS);
  const measurements = await measureInterleaved(
    measured.map(({ competitor, reps }) => ({
      name: competitor.name,
      run: () => {
        for (let index = 0; index < reps; index++) sink = competitor.op();
      },
    })),
    { rounds, opsPerRound: 1 },
  );

  const results: KeyResult[] = plans.map((plan) => {
    if (plan.skipped) {
      return {
        name: plan.competitor.name,
        note: `skipped: > ${SKIP_ABOVE_MS / 1000} s per op (one op took ${formatTime(plan.estimate)})`,
      };
    }
    const measurement = measurements.find((entry) => entry.name === plan.competitor.name);
    return {
      name: plan.competitor.name,
      nsPerOp: measurement!.nsPerOp / plan.reps,
      note: `${rounds} rounds × ${plan.reps} op${plan.reps === 1 ? '' : 's'}`,
    };
  });
  for (const entry of input.notRun ?? []) results.push({ name: entry.name, note: entry.reason });
  printKeyTable(input, results);
  return results;
}

/**
 * Rough ns per operation, warm: a slow operation is timed once; a fast one runs in doubling batches until a batch
 * takes 10 ms, and that batch size is then timed once more, so the estimate is not inflated by the first JIT tiers.
 */
function estimateNsPerOp(op: () => unknown): number {
  let started = process.hrtime.bigint();
  sink = op();
  const first = Number(process.hrtime.bigint() - started);
  if (first >= 4 * TARGET_RUN_MS * 1e6) return first;
  let batch = 1;
  for (; ; batch *= 2) {
    started = process.hrtime.bigint();
    for (let index = 0; index < batch; index++) sink = op();
    if (Number(process.hrtime.bigint() - started) >= 10e6) break;
  }
  started = process.hrtime.bigint();
  for (let index = 0; index < batch; index++) sink = op();
  return Number(process.hrtime.bigint() - started) / batch;
}

function printKeyTable(input: KeyInput, results: readonly KeyResult[]): void {
  const base = results.find((result) => result.name === input.baseline)?.nsPerOp;
  console.log(`\n${input.title}`);
  for (const result of results) {
    const measured = result.nsPerOp !== undefined;
    const columns = [`  ${result.name.padEnd(37)}`, (measured ? formatTime(result.nsPerOp!) : '—').padStart(13)];
    if (input.bytes !== undefined)
      columns.push((measured ? formatRate(input.bytes, result.nsPerOp!) : '').padStart(12));
    const ratio = measured && base !== undefined ? `${(result.nsPerOp! / base).toFixed(3)} × ${input.baseline}` : '';
    columns.push(`  ${ratio.padEnd(35)}`, `  ${measured ? `(${result.note})` : result.note}`);
    console.log(columns.join(''));
  }
}

function printGoals(inputs: readonly KeyInput[], byInput: readonly KeyResult[][]): void {
  const lines: string[] = [];
  let met = 0;
  const check = (ok: boolean | undefined, text: string) => {
    if (ok) met++;
    lines.push(`  ${ok === undefined ? 'NOT measured' : ok ? 'met' : 'NOT met'}: ${text}`);
  };
  const time = (inputIndex: number, name: string) => byInput[inputIndex].find((r) => r.name === name)?.nsPerOp;

  for (const inputIndex of [2, 3]) {
    const input = inputs[inputIndex];
    const ours = time(inputIndex, 'stableHash');
    const raw = time(inputIndex, 'raw sha256 of the bytes');
    const share = ours === undefined || raw === undefined ? undefined : raw / ours;
    check(
      share === undefined ? undefined : share >= 0.7,
      `${input.title.replace(/ \(.*\)$/, '')}: stableHash ≥ 70 % of raw sha256 throughput ` +
        (share === undefined
          ? '(not measured)'
          : `(measured ${(share * 100).toFixed(1)} %: ${formatRate(input.bytes!, ours!)} vs ` +
            `${formatRate(input.bytes!, raw!)})`),
    );
  }
  const ours = time(1, 'stableHash');
  const json = time(1, 'JSON.stringify + sha256');
  const other = time(1, 'object-hash');
  check(
    ours === undefined || json === undefined ? undefined : ours <= 2 * json,
    '10 000 rows: stableHash ≤ 2 × JSON.stringify+sha256 time ' +
      (ours === undefined || json === undefined
        ? '(not measured)'
        : `(measured ${(ours / json).toFixed(2)} ×: ${formatTime(ours)} vs ${formatTime(json)})`),
  );
  check(
    ours === undefined || other === undefined ? undefined : other >= 10 * ours,
    '10 000 rows: stableHash ≥ 10 × faster than object-hash ' +
      (ours === undefined || other === undefined
        ? '(not measured)'
        : `(measured ${(other / ours).toFixed(1)} × faster: ${formatTime(ours)} vs ${formatTime(other)})`),
  );
  console.log(`\nKey throughput goals: ${met} of ${lines.length} met`);
  for (const line of lines) console.log(line);
}

function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function checkDeterministic(...values: unknown[]): void {
  for (const value of values) {
    const first = stableHash(value);
    if (stableHash(value) !== first) throw new Error('stableHash gave two digests for one input');
  }
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

function formatTime(ns: number): string {
  return ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms/op` : `${(ns / 1000).toFixed(3)} µs/op`;
}

function formatRate(bytes: number, ns: number): string {
  return `${((bytes / MB) * (1e9 / ns)).toFixed(0)} MB/s`;
}

function formatMB(bytes: number): string {
  return `${(bytes / MB).toFixed(2)} MB`;
}
