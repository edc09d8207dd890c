import { main } from '../src/main';

describe('the DataFrame hashing example', () => {
  it('reuses a fit for equal data and configuration, and refits when one value changes', async () => {
    const lines: string[] = [];
    await main((line) => lines.push(line));
    expect(lines).toEqual([
      'first fit: 1 (1 fit so far)',
      'equal data, other instance: 1 (1 fit so far: a hit)',
      'one value changed: 1 (2 fits so far: a miss)',
    ]);
  });
});
