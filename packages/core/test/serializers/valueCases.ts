import vm from 'node:vm';

/** What a serializer must do with a value: bring it back as it was, or refuse it naming this path. */
export type Outcome = 'kept' | { readonly refusedAt: string };

export interface ValueCase {
  readonly label: string;
  /** A fresh value each time: a serializer or a test may not share state between runs. */
  readonly make: () => unknown;
  readonly json: Outcome;
  readonly v8: Outcome;
}

const KEPT = 'kept';
const refusedAt = (path: string): Outcome => ({ refusedAt: path });

/** Values made in another realm, as a `vm` context (and jest, for Node's own objects) makes them. */
const otherRealm = vm.createContext({});
export const inOtherRealm = (source: string): unknown => vm.runInContext(source, otherRealm);

export class HttpError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

class Row {
  constructor(readonly id: number) {}
}

class Money {
  constructor(readonly cents: number) {}
  toJSON() {
    return { cents: this.cents };
  }
}

class Rows extends Array<number> {}

// ES2024's resizable ArrayBuffer, which Node 20 has and the TypeScript lib in use does not describe.
const ResizableArrayBuffer = ArrayBuffer as unknown as new (
  length: number,
  options: { maxByteLength: number },
) => ArrayBuffer;

// Node 22+ has Float16Array; Node's v8 serializer does not write it on every version this package supports.
function float16ArrayCase(): ValueCase[] {
  const Float16Array = (globalThis as { Float16Array?: new (items: number[]) => object }).Float16Array;
  if (Float16Array === undefined) return [];
  return [{ label: 'a Float16Array', make: () => new Float16Array([1.5, -2]), json: KEPT, v8: refusedAt('result') }];
}

function withProperty<T extends object>(value: T, key: PropertyKey, property: unknown): T {
  return Object.assign(value, { [key]: property });
}

function regexpAt(lastIndex: number): RegExp {
  const regexp = /o+/g;
  regexp.lastIndex = lastIndex;
  return regexp;
}

function errorWithFields(): Error {
  const error = new RangeError('quota exceeded', { cause: new TypeError('bad limit') });
  return Object.assign(error, { status: 429, code: 'E_QUOTA' });
}

/** One value per type the README's table lists, with what each serializer must do with it. */
export const VALUE_CASES: readonly ValueCase[] = [
  { label: 'a plain object', make: () => ({ a: 1, nested: { b: 'x', list: [true, null] } }), json: KEPT, v8: KEPT },
  {
    label: 'keys that look like tags',
    make: () => ({ $date: 'no', $object: 1, $hole: true, $nativeError: 'Error' }),
    json: KEPT,
    v8: KEPT,
  },
  {
    label: 'an own __proto__ key',
    make: () => JSON.parse('{"__proto__":{"polluted":true},"b":2}'),
    json: KEPT,
    v8: KEPT,
  },
  {
    label: 'a null-prototype object',
    make: () => Object.assign(Object.create(null), { a: 1, __x: [2] }),
    json: KEPT,
    v8: refusedAt('result'),
  },
  {
    label: 'holes, undefined, -0, NaN, ±Infinity',
    // biome-ignore lint/suspicious/noSparseArray: holes are the input under test
    make: () => [1, , undefined, -0, NaN, Infinity, -Infinity],
    json: KEPT,
    v8: KEPT,
  },
  {
    label: 'BigInt and lone surrogates',
    make: () => ({ big: -(2n ** 70n), text: 'a\ud800b\udc00', '\udfff': 1 }),
    json: KEPT,
    v8: KEPT,
  },
  {
    label: 'an array with an extra property',
    make: () => ({ rows: withProperty([1, 2], 'total', 3) }),
    json: refusedAt('result.rows'),
    v8: KEPT,
  },
  // Not an index (the largest is 2 ** 32 - 2): a named property listed after `length`.
  {
    label: 'an array with a key past the last index',
    make: () => withProperty([1], '4294967295', 2),
    json: refusedAt('result'),
    v8: KEPT,
  },
  {
    label: 'an array with a symbol key',
    make: () => withProperty([1], Symbol('meta'), 1),
    json: refusedAt('result'),
    v8: refusedAt('result'),
  },
  {
    label: 'an Array subclass',
    make: () => ({ rows: Rows.from([1]) }),
    json: refusedAt('result.rows'),
    v8: refusedAt('result.rows'),
  },
  {
    label: 'an object with a symbol key',
    make: () => ({ inner: { [Symbol('id')]: 1, a: 1 } }),
    json: refusedAt('result.inner'),
    v8: refusedAt('result.inner'),
  },
  {
    label: 'an object with a getter',
    make: () => ({
      get total() {
        return 1;
      },
    }),
    json: refusedAt('result'),
    v8: refusedAt('result'),
  }, // prettier-ignore
  {
    label: 'an object with a non-enumerable property',
    make: () => Object.defineProperty({ a: 1 }, 'hidden', { value: 2, enumerable: false }),
    json: refusedAt('result'),
    v8: refusedAt('result'),
  },
  {
    label: 'a class instance',
    make: () => ({ items: [1, 2, 3, new Row(4)] }),
    json: refusedAt('result.items[3]'),
    v8: refusedAt('result.items[3]'),
  },
  {
    label: 'a class instance with toJSON()',
    make: () => [new Money(5)],
    json: refusedAt('result[0]'),
    v8: refusedAt('result[0]'),
  },
  {
    label: 'a Date and an invalid Date',
    make: () => [new Date('2026-11-26T12:00:00.000Z'), new Date(NaN)],
    json: KEPT,
    v8: KEPT,
  },
  {
    label: 'a Date with an extra property',
    make: () => ({ when: withProperty(new Date(0), 'zone', 'UTC') }),
    json: refusedAt('result.when'),
    v8: refusedAt('result.when'),
  },
  {
    label: 'a Map and a Set',
    make: () =>
      new Map<unknown, unknown>([
        [{ k: 1 }, new Set([1, 'x'])],
        ['b', new Map()],
      ]),
    json: KEPT,
    v8: KEPT,
  },
  // Its brand says Map, its prototype says plain object: neither serializer could bring back both.
  {
    label: 'a Map whose prototype was removed',
    make: () => Object.setPrototypeOf(new Map([[1, 2]]), null),
    json: refusedAt('result'),
    v8: refusedAt('result'),
  },
  {
    label: 'a Map with an extra property',
    make: () => withProperty(new Map([[1, 2]]), 'source', 'db'),
    json: refusedAt('result'),
    v8: refusedAt('result'),
  },
  { label: 'a RegExp', make: () => /a+b/giu, json: KEPT, v8: KEPT },
  {
    label: 'a RegExp part-way through a search (lastIndex)',
    make: () => regexpAt(3),
    json: KEPT,
    v8: refusedAt('result'),
  },
  {
    label: 'a URL',
    make: () => ({ link: new URL('https://example.com/a?b=c#d') }),
    json: KEPT,
    v8: refusedAt('result.link'),
  },
  {
    label: 'a URLSearchParams',
    make: () => new URLSearchParams('a=1&a=2&b=%20x'),
    json: KEPT,
    v8: refusedAt('result'),
  },
  {
    label: 'typed arrays, a Buffer, a DataView and an ArrayBuffer',
    make: () => [
      new Int8Array([-1, 2]),
      new Uint8ClampedArray([255]),
      new Float64Array([1.5, -0, NaN]),
      new BigInt64Array([-(2n ** 63n)]),
      new Uint16Array(new Uint8Array([1, 2, 3, 4, 5, 6]).buffer, 2, 1),
      Buffer.from([0, 1, 255]),
      new DataView(new Uint8Array([7, 8, 9]).buffer, 1),
      new Uint8Array([9, 8]).buffer,
    ],
    json: KEPT,
    v8: KEPT,
  },
  ...float16ArrayCase(),
  {
    label: 'a SharedArrayBuffer',
    make: () => ({ shared: new SharedArrayBuffer(4) }),
    json: refusedAt('result.shared'),
    v8: refusedAt('result.shared'),
  },
  {
    label: 'a view over shared memory',
    make: () => [new Int32Array(new SharedArrayBuffer(8))],
    json: refusedAt('result[0]'),
    v8: refusedAt('result[0]'),
  },
  {
    label: 'a resizable ArrayBuffer',
    make: () => new ResizableArrayBuffer(4, { maxByteLength: 8 }),
    json: refusedAt('result'),
    v8: refusedAt('result'),
  },
  {
    label: 'boxed primitives',
    make: () => [Object(1.5), Object('text'), Object(false), Object(7n)],
    json: KEPT,
    v8: KEPT,
  },
  {
    label: 'a built-in Error with cause',
    make: () => new SyntaxError('bad', { cause: new RangeError('deeper') }),
    json: KEPT,
    v8: KEPT,
  },
  {
    label: 'a built-in Error with status and code',
    make: () => ({ failure: errorWithFields() }),
    json: KEPT,
    v8: refusedAt('result.failure'),
  },
  {
    label: 'an AggregateError',
    make: () => new AggregateError([new Error('one'), new URIError('two')], 'both failed'),
    json: KEPT,
    v8: refusedAt('result'),
  },
  {
    label: 'an Error subclass',
    make: () => ({ error: new HttpError('not found', 404) }),
    json: refusedAt('result.error'),
    v8: refusedAt('result.error'),
  },
  {
    label: 'an Error subclass as a cause',
    make: () => ({ items: [new Error('outer', { cause: new HttpError('inner', 500) })] }),
    json: refusedAt('result.items[0].cause'),
    v8: refusedAt('result.items[0].cause'),
  },
  {
    label: 'a function',
    make: () => ({ render: () => 'x' }),
    json: refusedAt('result.render'),
    v8: refusedAt('result.render'),
  },
  { label: 'a symbol', make: () => [Symbol('s')], json: refusedAt('result[0]'), v8: refusedAt('result[0]') },
  {
    label: 'a promise',
    make: () => ({ pending: Promise.resolve(1) }),
    json: refusedAt('result.pending'),
    v8: refusedAt('result.pending'),
  },
  {
    label: 'a WeakMap',
    make: () => new Map([['k', new WeakMap()]]),
    json: refusedAt('result<Map value 0>'),
    v8: refusedAt('result<Map value 0>'),
  },
  {
    label: 'a cycle',
    make: () => {
      const node: Record<string, unknown> = { n: 1 };
      node.self = node;
      return node;
    },
    json: refusedAt('result.self'),
    v8: KEPT,
  },
  {
    label: 'built-ins made in another realm',
    make: () =>
      inOtherRealm(`({
        object: { a: 1 }, array: [1, , 3], date: new Date(0), map: new Map([[1, new Set([2])]]), regexp: /x/y,
        bytes: new Float32Array([1.5]), raw: new Uint8Array([1, 2]).buffer, view: new DataView(new ArrayBuffer(2)),
        error: new TypeError('t', { cause: new RangeError('r') }),
        boxed: [Object(1), Object('s'), Object(true), Object(2n)],
      })`),
    json: KEPT,
    v8: KEPT,
  },
  {
    label: 'an AggregateError and a null-prototype object made in another realm',
    make: () =>
      inOtherRealm(`[new AggregateError([new Error('x')], 'agg'), Object.assign(Object.create(null), { a: 1 })]`),
    json: KEPT,
    v8: refusedAt('result[0]'),
  },
  {
    label: 'a class instance made in another realm',
    make: () => inOtherRealm('({ row: new (class Row { constructor() { this.id = 1; } })() })'),
    json: refusedAt('result.row'),
    v8: refusedAt('result.row'),
  },
];
