/**
 * Instances whose state their own enumerable properties do not show (`#private` fields, internal slots) would all
 * share one key, so a call with one of them would return the result computed for another. The hasher refuses
 * them, naming the path and the fix; `Headers`, whose entries can be read, are hashed by them.
 */
import 'reflect-metadata';
import { createSecretKey } from 'node:crypto';
import { registerHasher, stableHash, Task, taskInputHash, UnhashableInputError } from '../src';
import { testEngine } from './support';

class Money {
  readonly #cents: number;
  constructor(cents: number) {
    this.#cents = cents;
  }
  get cents(): number {
    return this.#cents;
  }
}

class Billing {
  runs = 0;

  @Task({ cacheKeyFn: taskInputHash })
  async charge(amount: Money): Promise<string> {
    this.runs++;
    return `charged ${amount.cents}`;
  }

  @Task({ cacheKeyFn: taskInputHash, strictKeys: true })
  async strictCharge(amount: Money): Promise<string> {
    this.runs++;
    return `charged ${amount.cents}`;
  }
}

function refusalOf(value: unknown): UnhashableInputError {
  try {
    stableHash({ input: value });
  } catch (error) {
    if (error instanceof UnhashableInputError) return error;
    throw error;
  }
  throw new Error('the value was hashed');
}

describe('an instance whose state is hidden', () => {
  afterEach(() => registerHasher(Money, undefined));

  it.each<[string, () => unknown, RegExp]>([
    [
      'an instance keeping its state in #private fields',
      () => new Money(100),
      new RegExp(
        'a Money has no own enumerable properties, so its state is not visible to flowcache ' +
          String.raw`.*registerHasher\(Money, \(value\) => \.\.\.\)`,
      ),
    ],
    ['a Blob', () => new Blob(['x']), /a Blob's contents can only be read asynchronously/],
    ['a File', () => new File(['x'], 'a.txt'), /a File's contents can only be read asynchronously/],
    ['a KeyObject', () => createSecretKey(Buffer.from('secret')), /KeyObject has no own enumerable properties/],
    ['an AbortSignal', () => new AbortController().signal, /an AbortSignal has no own enumerable properties/],
    ['a ReadableStream', () => new ReadableStream(), /a ReadableStream has no own enumerable properties/],
  ])('refuses %s, naming its path and what to do', (_label, make, reason) => {
    const error = refusalOf(make());
    expect(error.path).toBe('value.input');
    expect(error.reason).toMatch(reason);
  });

  it('no longer gives unequal values one key', () => {
    for (const [a, b] of [
      [new Money(1), new Money(2)],
      [new Blob(['x']), new Blob(['y'])],
      [createSecretKey(Buffer.from('a')), createSecretKey(Buffer.from('b'))],
    ]) {
      expect(() => stableHash(a)).toThrow(UnhashableInputError);
      expect(() => stableHash(b)).toThrow(UnhashableInputError);
    }
  });

  it('is hashed through the stable form registered for its class', () => {
    registerHasher(Money, (money) => money.cents);
    expect(stableHash(new Money(1))).toBe(stableHash(new Money(1)));
    expect(stableHash(new Money(1))).not.toBe(stableHash(new Money(2)));
  });

  it('still hashes an instance by its own enumerable properties when it has some', () => {
    class Point {
      constructor(
        readonly x: number,
        readonly y: number,
      ) {}
    }
    expect(stableHash(new Point(1, 2))).toBe(stableHash(new Point(1, 2)));
    expect(stableHash(new Point(1, 2))).not.toBe(stableHash(new Point(1, 3)));
  });
});

describe('Headers', () => {
  it('are hashed by their entries, as a server reads them', () => {
    expect(stableHash(new Headers({ a: '1' }))).not.toBe(stableHash(new Headers({ a: '2' })));
    expect(stableHash(new Headers({ a: '1' }))).not.toBe(stableHash(new Headers({ b: '1' })));
    expect(
      stableHash(
        new Headers([
          ['B', '2'],
          ['a', '1'],
        ]),
      ),
    ).toBe(stableHash(new Headers({ a: '1', b: '2' })));
    expect(stableHash(new Headers({ a: '1' }))).not.toBe(stableHash({ a: '1' }));
    expect(stableHash(new Headers())).not.toBe(stableHash(new Headers({ a: '' })));
  });
});

describe('a task taking an instance whose state is hidden', () => {
  afterEach(() => registerHasher(Money, undefined));

  it('runs uncached, with one warning naming the argument, and never returns another value’s result', async () => {
    const { engine, logger, events } = testEngine();
    const billing = engine.attach(new Billing());
    expect(await billing.charge(new Money(1))).toBe('charged 1');
    expect(await billing.charge(new Money(2))).toBe('charged 2');
    expect(await billing.charge(new Money(2))).toBe('charged 2');
    expect(billing.runs).toBe(3);
    expect(events.map((event) => event.state)).toEqual(['Completed', 'Completed', 'Completed']);
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toContain('Billing.charge runs uncached because it has no cache key');
    expect(logger.warnings[0]).toMatch(/cannot hash args\[0\]: a Money has no own enumerable properties/);
  });

  it('throws the UnhashableInputError with strictKeys, without running', async () => {
    const { engine } = testEngine();
    const billing = engine.attach(new Billing());
    await expect(billing.strictCharge(new Money(1))).rejects.toThrow(UnhashableInputError);
    expect(billing.runs).toBe(0);
  });

  it('is cached per value once its class has a registered stable form', async () => {
    registerHasher(Money, (money) => money.cents);
    const { engine, logger } = testEngine();
    const billing = engine.attach(new Billing());
    expect(await billing.charge(new Money(1))).toBe('charged 1');
    expect(await billing.charge(new Money(1))).toBe('charged 1');
    expect(await billing.charge(new Money(2))).toBe('charged 2');
    expect(billing.runs).toBe(2);
    expect(logger.warnings).toEqual([]);
  });
});
