import { main } from '../src/main';

describe('the background persistence example', () => {
  it('returns before a background write, and the flow and engine.flush() wait for it', async () => {
    const lines: string[] = [];
    const events = await main((line) => lines.push(line), 50);
    // The two writes of the flow run concurrently: their order is not part of what the example shows.
    const sortedGallery = [...events.slice(0, 8), ...events.slice(8, 10).sort(), ...events.slice(10)];
    expect(sortedGallery).toEqual([
      'call resizeAndWait(a.png), persistMode sync',
      'stored sync/a.png',
      'resizeAndWait returned',
      'call resize(b.png), persistMode background',
      'resize returned',
      'stored background/b.png',
      'engine.flush() returned',
      'call gallery([c.png, d.png]), a flow of background tasks',
      'stored background/c.png',
      'stored background/d.png',
      'gallery returned',
    ]);
    expect(lines.map((line) => line.replace(/^ *\d+ ms {2}/, ''))).toEqual(events); // each line starts with its time
  });
});
