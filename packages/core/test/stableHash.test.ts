import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import { stableHash, UnhashableInputError } from '../src';

const same = (a: unknown, b: unknown) => expect(stableHash(a)).toBe(stableHash(b));
const different = (a: unknown, b: unknown) => expect(stableHash(a)).not.toBe(stableHash(b));

describe('stableHash', () => {
  it('is a hex sha256 that is the same on every call', () => {
    expect(stableHash({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
    expect(stableHash({ a: 1 })).toBe(stableHash({ a: 1 }));
  });

  it.each<[string, unknown, unknown]>([
    ['1 and "1"', 1, '1'],
    ['1 and 1n', 1, 1n],
    ['1 and true', 1, true],
    ['0 and false', 0, false],
    ['null and undefined', null, undefined],
    ['"" and undefined', '', undefined],
    ['a key set to undefined and a missing key', { a: undefined }, {}],
    ['["ab", "c"] and ["a", "bc"]', ['ab', 'c'], ['a', 'bc']],
    // biome-ignore lint/suspicious/noSparseArray: holes are the input under test
    ['a hole and undefined in an array', [, 1], [undefined, 1]],
    ['[1, 2] and [2, 1]', [1, 2], [2, 1]],
    ['an array and an object with index keys', [1], { 0: 1 }],
    ['a Map and an object', new Map([['a', 1]]), { a: 1 }],
    ['a Set and an array', new Set([1]), [1]],
    ['a Date and its time as a number', new Date(0), 0],
    ['two dates', new Date(0), new Date(1)],
    ['Float64Array and Int32Array with the same bytes', new Float64Array([0]), new Int32Array([0, 0])],
    ['Buffer and Uint8Array with the same bytes', Buffer.from([1, 2]), new Uint8Array([1, 2])],
    ['buffers with different bytes', Buffer.from([1, 2]), Buffer.from([1, 3])],
    ['BigInt 1n and -1n', 1n, -1n],
    [
      'a class instance and a plain object with the same fields',
      new (class Point {
        x = 1;
      })(),
      { x: 1 },
    ],
    [
      'two classes with the same fields',
      new (class A {
        x = 1;
      })(),
      new (class B {
        x = 1;
      })(),
    ],
    ['RegExps with different flags', /a/g, /a/i],
    ['URLs', new URL('https://example.com/a'), new URL('https://example.com/b')],
    ['errors with different messages', new Error('a'), new Error('b')],
    ['Infinity and -Infinity', Infinity, -Infinity],
    ['NaN and undefined', NaN, undefined],
  ])('tells apart %s', (_label, a, b) => different(a, b));

  it('sorts object keys and ignores Map and Set insertion order', () => {
    same({ a: 1, b: 2 }, { b: 2, a: 1 });
    same(
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
      new Map([
        ['b', 2],
        ['a', 1],
      ]),
    );
    same(new Set([1, 2, 3]), new Set([3, 1, 2]));
    different(
      new Map([
        ['a', 1],
        ['b', 2],
      ]),
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
    );
  });

  it('treats -0 as 0 and every NaN as NaN, as === and Object.is would in their own way', () => {
    same(-0, 0);
    same(NaN, Number('x'));
    same(new Date(NaN), new Date('invalid'));
  });

  it('hashes shared and copied sub-objects alike, and cycles without looping', () => {
    const shared = { n: 1 };
    same({ a: shared, b: shared }, { a: { n: 1 }, b: { n: 1 } });
    const cyclic: Record<string, unknown> = { name: 'root' };
    cyclic.self = cyclic;
    const other: Record<string, unknown> = { name: 'root' };
    other.self = other;
    same(cyclic, other);
    different(cyclic, { name: 'root', self: {} });
  });

  it('hashes large binary data and long strings by streaming them', () => {
    const big = Buffer.alloc(1024 * 1024, 1);
    const copy = Buffer.from(big);
    same(big, copy);
    copy[copy.length - 1] = 2;
    different(big, copy);
    same('x'.repeat(100_000), 'x'.repeat(100_000));
    different('x'.repeat(100_000), `${'x'.repeat(99_999)}y`);
  });

  it.each<[string, unknown, string]>([
    ['a function', { client: { send: () => 1 } }, 'value.client.send'],
    ['a symbol', [1, Symbol('s')], 'value[1]'],
    ['a promise', { pending: Promise.resolve(1) }, 'value.pending'],
    ['a stream', { input: { body: Readable.from([]) } }, 'value.input.body'],
    ['a WeakMap', { cache: new WeakMap() }, 'value.cache'],
    ['a function inside a Map', new Map([['k', () => 1]]), 'value<Map value at "k">'],
    ['a key that is not an identifier', { 'odd key': () => 1 }, 'value["odd key"]'],
  ])('refuses %s with an UnhashableInputError naming its path', (_label, value, path) => {
    const error = (() => {
      try {
        stableHash(value);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(UnhashableInputError);
    expect((error as UnhashableInputError).path).toBe(path);
    expect((error as Error).message).toMatch(/cacheKeyFn/);
  });

  it('refuses absurdly deep nesting with a clear error instead of overflowing the stack', () => {
    let deep: unknown = 'leaf';
    for (let level = 0; level < 5000; level++) deep = { n: deep };
    expect(() => stableHash(deep)).toThrow(/nested deeper than 1000 levels/);
    const error = (() => {
      try {
        stableHash(deep);
      } catch (caught) {
        return caught as UnhashableInputError;
      }
    })();
    expect(error?.path).toBe('value.n.n.n.n.n.n.n.n.n.n.n<985 more levels>.n.n.n.n');
  });

  it('tells apart strings with lone surrogates, and Error classes that keep the name "Error"', () => {
    different('\uD800', '\uDC00');
    different('\uD800', '\uFFFD');
    different({ '\uD800': 1 }, { '\uFFFD': 1 });
    same('\uD800x', '\uD800x');
    class NotFound extends Error {}
    different(new NotFound('x'), new Error('x'));
    different(new Error('x', { cause: 1 }), new Error('x', { cause: 2 }));
  });

  it('hashes an Error whose name or message is not a string instead of crashing', () => {
    const odd = new Error('x');
    (odd as unknown as { message: unknown }).message = 42;
    expect(stableHash(odd)).toMatch(/^[0-9a-f]{64}$/);
    different(odd, new Error('42'));
  });

  it('never confuses a property that looks like a note of the hasher with one', () => {
    expect(() => stableHash({ '<x>': () => 1 })).toThrow(expect.objectContaining({ path: 'value["<x>"]' }));
  });

  it('names live objects with the right article', () => {
    expect(() => stableHash({ events: new EventEmitter() })).toThrow(/an EventEmitter is a live object/);
  });

  it('names an instance of an anonymous class as one, and how to give its class a stable form', () => {
    const hidden = new (class {
      readonly #cents = 1;
      get cents() {
        return this.#cents;
      }
    })();
    expect(() => stableHash({ price: hidden })).toThrow(
      new RegExp(
        String.raw`value\.price: an instance of an anonymous class has no own enumerable properties, .* every ` +
          String.raw`instance of its class would share one key; .* registerHasher\(<its class>, \(value\) => \.\.\.\)`,
      ),
    );
  });

  it('is still correct after an error left a writer half-used', () => {
    const before = stableHash({ a: [1, 2, 3] });
    expect(() => stableHash({ a: [1, 2, () => 3] })).toThrow(UnhashableInputError);
    expect(stableHash({ a: [1, 2, 3] })).toBe(before);
  });
});
