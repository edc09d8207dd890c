import { pollUntil, type PollLook } from '@flowcache/core/adapters';

// A clock that moves only when the poll pauses, so every pause and look is counted exactly.
function pollingScript(looks: readonly PollLook<string>[]) {
  let now = 1_000;
  const pauses: number[] = [];
  const lookedAt: number[] = [];
  const look = jest.fn(async (): Promise<PollLook<string>> => {
    lookedAt.push(now);
    return looks[Math.min(lookedAt.length - 1, looks.length - 1)]!;
  });
  const options = {
    clock: () => now,
    pause: async (ms: number) => {
      pauses.push(ms);
      now += ms;
    },
  };
  return { look, options, pauses, lookedAt };
}

const notYet: PollLook<string> = { ready: false };

describe('pollUntil', () => {
  it('returns the first ready look without pausing', async () => {
    const { look, options, pauses } = pollingScript([{ ready: true, value: 'got it' }]);
    await expect(pollUntil(look, { ...options, timeoutMs: 100, intervalMs: 10 })).resolves.toBe('got it');
    expect(look).toHaveBeenCalledTimes(1);
    expect(pauses).toEqual([]);
  });

  it('looks again every interval until a look is ready', async () => {
    const { look, options, pauses } = pollingScript([notYet, notYet, { ready: true, value: 'third' }]);
    await expect(pollUntil(look, { ...options, timeoutMs: 100, intervalMs: 10 })).resolves.toBe('third');
    expect(pauses).toEqual([10, 10]);
  });

  it('gives up with undefined once the timeout has passed, the last pause shortened to the deadline', async () => {
    const { look, options, pauses, lookedAt } = pollingScript([notYet]);
    await expect(pollUntil(look, { ...options, timeoutMs: 25, intervalMs: 10 })).resolves.toBeUndefined();
    expect(pauses).toEqual([10, 10, 5]);
    expect(lookedAt).toEqual([1_000, 1_010, 1_020, 1_025]);
  });

  it('looks exactly once with a timeout of 0', async () => {
    const { look, options, pauses } = pollingScript([notYet, { ready: true, value: 'too late' }]);
    await expect(pollUntil(look, { ...options, timeoutMs: 0, intervalMs: 10 })).resolves.toBeUndefined();
    expect(look).toHaveBeenCalledTimes(1);
    expect(pauses).toEqual([]);
  });

  it('looks again when what blocks ends, if that is sooner than the interval (at least 1 ms later)', async () => {
    const { look, options, pauses } = pollingScript([
      { ready: false, until: 1_004 },
      { ready: false, until: 1_000 },
      { ready: true, value: 'free' },
    ]);
    await expect(pollUntil(look, { ...options, timeoutMs: 100, intervalMs: 10 })).resolves.toBe('free');
    expect(pauses).toEqual([4, 1]);
  });

  it('ends with the error a look throws, without looking again', async () => {
    const { options } = pollingScript([notYet]);
    const look = jest.fn(async (): Promise<PollLook<string>> => {
      throw new Error('storage is down');
    });
    await expect(pollUntil(look, { ...options, timeoutMs: 100, intervalMs: 10 })).rejects.toThrow('storage is down');
    expect(look).toHaveBeenCalledTimes(1);
  });

  it('sleeps for real without a pause function', async () => {
    let looks = 0;
    const look = async (): Promise<PollLook<number>> => (++looks < 3 ? notYet : { ready: true, value: looks });
    const value = await pollUntil(look, { timeoutMs: 10_000, intervalMs: 1 });
    expect(value).toBe(3);
  });
});
