import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../src/main';

describe('the basic demo', () => {
  let storageDir: string;
  beforeEach(async () => {
    storageDir = await mkdtemp(join(tmpdir(), 'flowcache-demo-'));
  });
  afterEach(async () => {
    await rm(storageDir, { recursive: true, force: true });
  });

  it('computes every task once, then serves them from memory and, in a new run of the demo, from files', async () => {
    const lines: string[] = [];
    const firstRun = await main((line) => lines.push(line), storageDir);
    const states = (runs: typeof firstRun) => runs.map((event) => `${event.taskName} ${event.state}`);
    expect(states(firstRun)).toEqual([
      'SalesReport.loadSales Completed',
      'SalesReport.totalsByRegion Completed',
      'SalesReport.render Completed',
      'SalesReport.loadSales Cached',
      'SalesReport.totalsByRegion Cached',
      'SalesReport.render Cached',
    ]);
    expect(lines.filter((line) => line.startsWith('  → '))).toEqual([
      expect.stringMatching(/^ {2}→ sales 2026-11-26: north=1520, south=810 /),
      expect.stringMatching(/^ {2}→ sales 2026-11-26: north=1520, south=810 /),
    ]);

    const secondRun = await main(() => undefined, storageDir); // a new container: nothing in memory
    expect(secondRun.every((event) => event.state === 'Cached')).toBe(true);
  });
});
