import { main } from '../src/main';

describe('the OpenTelemetry example', () => {
  it("prints flow and task spans under the caller's span, a failure, the hit ratio and storage timings", async () => {
    const lines: string[] = [];
    await main((line) => lines.push(line));
    expect(lines).toEqual([
      'nightly job',
      '  flow Reports.nightly: Completed',
      '    task Reports.loadSales: Completed, cache miss (absent), memory://reports',
      // Keyed by the flow run's id (the default policy), and kept in memory only.
      '    task Reports.checkTotals: Completed, cache miss (absent)',
      '  flow Reports.nightly: Completed',
      // A new flow run, the same inputs: served from memory, its record read from storage no more.
      '    task Reports.loadSales: Cached, cache hit, memory://reports',
      '    task Reports.checkTotals: Completed, cache miss (absent)',
      '  task Reports.checkTotals: Failed, cache miss (absent), error: a total of -1 cannot be right',
      'cache: 1 hit(s), 4 miss(es), hit ratio 0.20',
      'storage read: 1 timed',
      'storage write: 1 timed',
    ]);
  });
});
