import { main } from '../src/main';

describe('the basic demo', () => {
  it('computes every task on the first flow run and serves all of them from the cache on the second', async () => {
    const lines: string[] = [];
    const taskRuns = await main((line) => lines.push(line));

    expect(taskRuns.map((event) => `${event.taskName} ${event.state}`)).toEqual([
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
    expect(lines).toContainEqual(expect.stringMatching(/SalesReport\.loadSales +Cached/));
  });
});
