import { ReleaseNoticeLatch } from '../../src/adapters';

describe('ReleaseNoticeLatch', () => {
  it('reports a notice that came before next at once, and only once', async () => {
    const latch = new ReleaseNoticeLatch();
    latch.notice();
    latch.notice();
    expect(latch.pending).toBe(true);
    expect(await latch.next(60_000)).toBe(true);
    expect([latch.pending, await latch.next(0)]).toEqual([false, false]);
  });

  it('wakes a waiting next at the notice, long before its timeout', async () => {
    const latch = new ReleaseNoticeLatch();
    const next = latch.next(60_000);
    setImmediate(latch.notice);
    expect(await next).toBe(true);
  });

  it('says false after the timeout without a notice', async () => {
    const latch = new ReleaseNoticeLatch();
    expect(await latch.next(20)).toBe(false);
  });
});
