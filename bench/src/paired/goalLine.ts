import type { PairedRatio } from './measurePaired';

/** A goal on a ratio ours/theirs of per-operation time: at most `atMost`. */
export interface AtMost {
  readonly atMost: number;
}

/** A goal on throughput, ours as a share of theirs (theirs/ours of per-operation time): at least `atLeast`. */
export interface AtLeast {
  readonly atLeast: number;
}

/**
 * The line of one goal: `goal: <text>: measured 0.06 × (IQR 0.05–0.07) → met|short`, throughput goals in percent.
 */
export function goal(text: string, measured: PairedRatio, limit: AtMost | AtLeast): string {
  if ('atMost' in limit) {
    const figure = `${fixed(measured.median)} × (IQR ${fixed(measured.q1)}–${fixed(measured.q3)})`;
    return `goal: ${text}: measured ${figure} → ${measured.median <= limit.atMost ? 'met' : 'short'}`;
  }
  const share = 1 / measured.median;
  const figure = `${percent(share)} (IQR ${percent(1 / measured.q3)}–${percent(1 / measured.q1)})`;
  return `goal: ${text}: measured ${figure} → ${share >= limit.atLeast ? 'met' : 'short'}`;
}

/** The per-operation times behind a ratio, and how many rounds were kept. */
export function details(measured: PairedRatio): string {
  return (
    `  ours ${microseconds(measured.oursNsPerOp)}, theirs ${microseconds(measured.theirsNsPerOp)} per op ` +
    `(medians); ${measured.kept} rounds kept, ${measured.dropped} preempted dropped` +
    measured.notes.map((note) => `\n  ${note}`).join('')
  );
}

function fixed(ratio: number): string {
  return ratio < 0.1 ? ratio.toFixed(3) : ratio.toFixed(2);
}

function percent(share: number): string {
  return `${(share * 100).toFixed(0)} %`;
}

function microseconds(ns: number): string {
  return ns < 10_000 ? `${(ns / 1000).toFixed(3)} µs` : `${(ns / 1000).toFixed(0)} µs`;
}
