import { main } from '../src/main';

describe('the daily-expiring key example', () => {
  it('downloads once per calendar day', async () => {
    const lines: string[] = [];
    await main((line) => lines.push(line));
    expect(lines).toEqual(['09:00 EUR→USD 1.09', '17:00 EUR→USD 1.09', '01:00 next day EUR→USD 1.10']);
  });
});
