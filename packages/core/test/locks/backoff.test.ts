import { Backoff } from '../../src/locks/Backoff';
import { firstLookPause, learnFirstLook } from '../../src/locks/firstLookPace';
import { MemoryLockManager } from '../../src';

describe('Backoff', () => {
  it('doubles its step up to the most, each pause between half and all of the step', () => {
    const lowest = new Backoff(50, 300, () => 0);
    expect(Array.from({ length: 5 }, () => lowest.next())).toEqual([25, 50, 100, 150, 150]);
    const highest = new Backoff(50, 300, () => 1);
    expect(Array.from({ length: 5 }, () => highest.next())).toEqual([50, 100, 200, 300, 300]);
  });

  it('never starts above its most', () => {
    expect(new Backoff(500, 100, () => 1).next()).toBe(100);
  });
});

describe('the first pause of a waiter without notices', () => {
  it('grows when first looks find nothing, and shrinks when they find the result, by lock manager', () => {
    const locks = new MemoryLockManager();
    const other = new MemoryLockManager();
    const start = firstLookPause(locks);
    learnFirstLook(locks, false);
    expect(firstLookPause(locks)).toBeCloseTo(start * 1.3);
    learnFirstLook(locks, true);
    expect(firstLookPause(locks)).toBeCloseTo(start * 1.3 * 0.95);
    expect(firstLookPause(other)).toBe(start);
  });

  it('stays between 10 ms and 2 s', () => {
    const locks = new MemoryLockManager();
    for (let look = 0; look < 100; look++) learnFirstLook(locks, false);
    expect(firstLookPause(locks)).toBe(2_000);
    for (let look = 0; look < 500; look++) learnFirstLook(locks, true);
    expect(firstLookPause(locks)).toBe(10);
  });
});
