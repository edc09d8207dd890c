import path from 'node:path';
import { goal } from '../bench/src/paired/goalLine';
import { measurePaired, type PairedRatio } from '../bench/src/paired/measurePaired';
import { quantile } from '../bench/src/paired/quantiles';

const CASES = path.join(__dirname, 'support', 'benchCases.ts');

function ratio(median: number, q1: number, q3: number): PairedRatio {
  return { median, q1, q3, oursNsPerOp: 1, theirsNsPerOp: 1, kept: 30, dropped: 0, notes: [] };
}

describe('the goal line', () => {
  it('prints an at-most goal with its median, interquartile range and met or short', () => {
    expect(goal('hit ≤ 0.07 × peer', ratio(0.06, 0.05, 0.07), { atMost: 0.07 })).toBe(
      'goal: hit ≤ 0.07 × peer: measured 0.060 × (IQR 0.050–0.070) → met',
    );
    expect(goal('miss ≤ 1.3 × floor', ratio(6.77, 6.18, 7.62), { atMost: 1.3 })).toBe(
      'goal: miss ≤ 1.3 × floor: measured 6.77 × (IQR 6.18–7.62) → short',
    );
  });

  it('prints a throughput goal as our share of theirs, the range inverted', () => {
    expect(goal('Buffer ≥ 90 %', ratio(1.25, 1, 1.5), { atLeast: 0.9 })).toBe(
      'goal: Buffer ≥ 90 %: measured 80 % (IQR 67 %–100 %) → short',
    );
  });
});

describe('quantile', () => {
  it('interpolates between the nearest values, whatever their order', () => {
    expect(quantile([4, 1, 3, 2], 0.5)).toBe(2.5);
    expect(quantile([4, 1, 3, 2], 0.25)).toBe(1.75);
  });
});

describe('measurePaired', () => {
  it('runs every round in both processes, whole units, and returns what the cases report', async () => {
    const measured = await measurePaired({
      ours: { module: CASES, name: 'counting' },
      theirs: { module: CASES, name: 'counting' },
      clock: 'wall',
      rounds: 4,
      batchMs: 1,
    });
    expect(measured.kept).toBe(4);
    expect(measured.notes).toHaveLength(2);
    for (const note of measured.notes) expect(note).toMatch(/a multiple of 7: true$/);
  }, 60_000);

  it('fails with the message of a case whose check fails', async () => {
    await expect(
      measurePaired({
        ours: { module: CASES, name: 'counting' },
        theirs: { module: CASES, name: 'failingCheck' },
        clock: 'wall',
        rounds: 2,
        batchMs: 1,
      }),
    ).rejects.toThrow(/case failingCheck failed:\n.*the body ran 3 times, not once/);
  }, 60_000);
});
