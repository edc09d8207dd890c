import { main } from '../src/main';

describe('the README quick start', () => {
  it('runs, printing both reports, with the model called at most once per city', async () => {
    const log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      await main();
      expect(log.mock.calls.slice(0, 2)).toEqual([['Oslo 6°, Lima 6°'], ['Oslo 6°, Lima 6°, Rome 6°']]);
      expect(log.mock.calls[2][0]).toMatch(/^model calls in this process: [0-3] \(run it again: 0\)$/);
    } finally {
      log.mockRestore();
    }
  });
});
