/**
 * The generated values of the stableHash property tests, in one place:
 *
 *  - values of this realm (`hashable`, `leaf`, `jsonLike`, `smallWorld`...) for `stableHash.properties.test.ts`;
 *  - descriptions of values (`description`, `smallDescription`) that a test rebuilds in several realms, for
 *    `crossRealmKeys.properties.test.ts`;
 *  - `unhashable` values, which stableHash must refuse.
 *
 * The two families draw their boxed primitives, RegExp flags and small-domain primitives from the same
 * arbitraries below, so a kind added to one is added to the other.
 */
import { EventEmitter } from 'node:events';
import { Readable } from 'node:stream';
import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------------------------
// Shared by both families
// ---------------------------------------------------------------------------------------------------------------

const boxedPrimitive = fc.oneof(fc.string({ maxLength: 3 }), fc.double(), fc.boolean(), fc.bigInt());
const regexpFlags = fc.constantFrom('', 'g', 'i', 'gimsu');
/** Primitives of a tiny domain, so that equal and nearly equal values are common. */
const SMALL_PRIMITIVES = [0, -0, 1, NaN, '', 'a', 1n, true, null, undefined] as const;

// ---------------------------------------------------------------------------------------------------------------
// Values of this realm, and the classes they use
// ---------------------------------------------------------------------------------------------------------------

export class Point {
  constructor(
    public x: unknown,
    public y: unknown,
  ) {}
}

/** Same fields as Point, different class: must never share a key with a Point. */
export class Pair {
  constructor(
    public x: unknown,
    public y: unknown,
  ) {}
}

const text = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 6 }),
  fc.string({ unit: 'binary', maxLength: 6 }),
  // Around the 64-character limit of the writer's ASCII fast path.
  fc.string({ minLength: 56, maxLength: 72 }),
  fc.constantFrom('', '\u0000', '\u00e9', 'e\u0301', '\u{1F600}', '__proto__', 'constructor', 'x'.repeat(70)),
);

const numbers = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(0, -0, NaN, Infinity, -Infinity, Number.MAX_SAFE_INTEGER, Number.MIN_VALUE, 0.1 + 0.2),
);

const objectKey = fc.oneof(
  fc.constantFrom('a', 'b', 'c', 'x', 'y', '0', '1', '10', '', '__proto__', 'constructor', 'odd key'),
  fc.string({ maxLength: 4 }),
);

const primitive = fc.oneof(text, numbers, fc.bigInt(), fc.boolean(), fc.constant(null), fc.constant(undefined));

const binary = fc.oneof(
  fc.uint8Array({ maxLength: 8 }),
  fc.uint8Array({ maxLength: 8 }).map((bytes) => Buffer.from(bytes)),
  fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => bytes.subarray(1)),
  fc.int8Array({ maxLength: 6 }),
  fc.int32Array({ maxLength: 4 }),
  fc.float64Array({ maxLength: 4 }),
  fc.uint8Array({ maxLength: 8 }).map((bytes) => new DataView(bytes.buffer)),
  fc.uint8Array({ maxLength: 8 }).map((bytes) => bytes.buffer),
);

const dates = fc.date({ noInvalidDate: false });
const regexps = fc
  .tuple(fc.constantFrom('a', 'a|b', '(a|b)', '^\\d+$', '[é]'), regexpFlags)
  .map(([source, flags]) => new RegExp(source, flags));
const urls = fc
  .constantFrom('https://example.com/', 'https://example.com/a?b=1#c', 'file:///tmp/x')
  .map((href) => new URL(href));
const errors = fc
  .tuple(fc.constantFrom(Error, TypeError, RangeError), fc.string({ maxLength: 4 }))
  .map(([Kind, message]) => new Kind(message));
const boxed = boxedPrimitive.map((inner) => Object(inner) as object);

export const leaf: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: primitive },
  binary,
  fc.oneof(dates, regexps, urls, errors, boxed),
);

/** Every kind of leaf equally often, for the properties that look at one leaf at a time. */
export const anyLeafKind: fc.Arbitrary<unknown> = fc.oneof(
  text,
  numbers,
  fc.bigInt(),
  fc.constantFrom(true, false, null, undefined),
  binary,
  dates,
  regexps,
  urls,
  errors,
  boxed,
);

/** Any hashable value: every kind the hasher knows, nested a few levels deep. */
export const { value: hashable } = fc.letrec<{
  value: unknown;
  array: unknown[];
  sparse: unknown[];
  object: Record<string, unknown>;
  map: Map<unknown, unknown>;
  set: Set<unknown>;
  instance: object;
}>((tie) => ({
  value: fc.oneof(
    { maxDepth: 4, depthSize: 'small', withCrossShrink: true },
    leaf,
    tie('array'),
    tie('sparse'),
    tie('object'),
    tie('map'),
    tie('set'),
    tie('instance'),
  ),
  array: fc.array(tie('value'), { maxLength: 4 }),
  sparse: fc.sparseArray(tie('value'), { maxLength: 6 }),
  object: fc.dictionary(objectKey, tie('value'), { maxKeys: 5 }),
  map: fc
    .array(fc.tuple(fc.oneof({ weight: 3, arbitrary: primitive }, tie('value')), tie('value')), { maxLength: 4 })
    .map((entries) => new Map(entries)),
  set: fc.array(fc.oneof(primitive, tie('value')), { maxLength: 4 }).map((elements) => new Set(elements)),
  instance: fc
    .tuple(fc.boolean(), tie('value'), tie('value'))
    .map(([isPoint, x, y]) => (isPoint ? new Point(x, y) : new Pair(x, y))),
}));

/** A small domain, so that independent values are often equal or nearly equal. */
export const { json: jsonLike } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { maxDepth: 3, depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<unknown>(0, -0, 1, NaN, 0.5, '', 'a', 'é', 'e\u0301', true, false, null, undefined),
    fc.array(tie('json'), { maxLength: 3 }),
    fc.sparseArray(tie('json'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom('a', 'b', '0'), tie('json'), { maxKeys: 3 }),
  ),
}));

/** Fresh instances of every object kind, from a tiny domain so that equal and nearly equal pairs are common. */
const SMALL_OBJECTS: Record<string, () => unknown> = {
  'Date 0': () => new Date(0),
  'Date 1': () => new Date(1),
  'invalid Date': () => new Date(NaN),
  '/a/': () => /a/,
  '/a/g': () => /a/g,
  URL: () => new URL('https://example.com/'),
  'Uint8Array [1]': () => new Uint8Array([1]),
  'Buffer [1]': () => Buffer.from([1]),
  'Int8Array [1]': () => new Int8Array([1]),
  'DataView [1]': () => new DataView(new Uint8Array([1]).buffer),
  'ArrayBuffer [1]': () => new Uint8Array([1]).buffer,
  'ArrayBuffer [2]': () => new Uint8Array([2]).buffer,
  'Uint8Array [2]': () => new Uint8Array([2]),
  'DataView [2]': () => new DataView(new Uint8Array([2]).buffer),
  'Error a': () => new Error('a'),
  'TypeError a': () => new TypeError('a'),
  'String a': () => new String('a'),
  'Number 1': () => new Number(1),
  'Number -0': () => new Number(-0),
};

export const { small: smallWorld } = fc.letrec<{ small: unknown }>((tie) => ({
  small: fc.oneof(
    { maxDepth: 3, depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<unknown>(...SMALL_PRIMITIVES),
    fc.constantFrom(...Object.keys(SMALL_OBJECTS)).map((name) => SMALL_OBJECTS[name]()),
    fc.array(tie('small'), { maxLength: 2 }),
    fc.sparseArray(tie('small'), { maxLength: 2 }),
    fc.dictionary(fc.constantFrom('a', 'b'), tie('small'), { maxKeys: 2 }),
    fc
      .array(fc.tuple(fc.constantFrom<unknown>(0, 'a', 1n), tie('small')), { maxLength: 2 })
      .map((entries) => new Map(entries)),
    fc.array(tie('small'), { maxLength: 2 }).map((elements) => new Set(elements)),
    fc.tuple(fc.boolean(), tie('small')).map(([isPoint, x]) => (isPoint ? new Point(x, 0) : new Pair(x, 0))),
  ),
}));

export const shuffleChoices = fc.array(fc.nat(), { minLength: 1, maxLength: 12 });

const UNHASHABLE: Record<string, () => unknown> = {
  'a function': () => function named() {},
  'an arrow function': () => () => 1,
  'an async function': () => async () => 1,
  'a class': () => class Anonymous {},
  'a symbol': () => Symbol('s'),
  'a boxed symbol': () => Object(Symbol('s')),
  'a promise': () => Promise.resolve(1),
  'a WeakMap': () => new WeakMap(),
  'a WeakSet': () => new WeakSet(),
  'a WeakRef': () => new WeakRef({}),
  'a Readable stream': () => Readable.from([]),
  'an EventEmitter': () => new EventEmitter(),
  'a generator': () => (function* generate() {})(),
};

export const unhashable = fc
  .constantFrom(...Object.keys(UNHASHABLE))
  .map((name) => ({ name, value: UNHASHABLE[name]() }));

// ---------------------------------------------------------------------------------------------------------------
// Descriptions of values, rebuilt in any realm
// ---------------------------------------------------------------------------------------------------------------

type Primitive = string | number | bigint | boolean | null | undefined;

export type Description =
  | { readonly kind: 'primitive'; readonly value: Primitive }
  | { readonly kind: 'array'; readonly items: readonly Description[] }
  | {
      readonly kind: 'object';
      readonly entries: ReadonlyArray<readonly [string, Description]>;
      readonly nullPrototype: boolean;
    }
  | { readonly kind: 'map'; readonly entries: ReadonlyArray<readonly [Description, Description]> }
  | { readonly kind: 'set'; readonly items: readonly Description[] }
  | { readonly kind: 'date'; readonly time: number }
  | { readonly kind: 'regexp'; readonly source: string; readonly flags: string }
  | { readonly kind: 'binary'; readonly type: string; readonly bytes: readonly number[] }
  | { readonly kind: 'boxed'; readonly value: string | number | boolean | bigint }
  | { readonly kind: 'error'; readonly type: string; readonly message: string; readonly code: Description | undefined }
  | {
      readonly kind: 'instance';
      readonly className: 'Point' | 'Pair';
      readonly x: Description;
      readonly y: Description;
    };

const BINARY_TYPES: Record<string, number> = {
  Int8Array: 1,
  Uint8Array: 1,
  Uint8ClampedArray: 1,
  Int16Array: 2,
  Uint16Array: 2,
  Int32Array: 4,
  Uint32Array: 4,
  Float32Array: 4,
  Float64Array: 8,
  BigInt64Array: 8,
  BigUint64Array: 8,
  DataView: 1,
  ArrayBuffer: 1,
  SharedArrayBuffer: 1,
};

const primitiveDescription: fc.Arbitrary<Description> = fc
  .oneof(
    fc.string({ maxLength: 6 }),
    fc.double(),
    fc.bigInt(),
    fc.boolean(),
    fc.constantFrom<Primitive>(null, undefined, 0, -0, NaN),
  )
  .map((value) => ({ kind: 'primitive', value }));

const binaryDescription: fc.Arbitrary<Description> = fc
  .tuple(fc.constantFrom(...Object.keys(BINARY_TYPES)), fc.nat(3))
  .chain(([type, count]) => {
    const length = count * BINARY_TYPES[type];
    return fc
      .array(fc.integer({ min: 0, max: 255 }), { minLength: length, maxLength: length })
      .map((bytes): Description => ({ kind: 'binary', type, bytes }));
  });

const leafDescription: fc.Arbitrary<Description> = fc.oneof(
  { weight: 3, arbitrary: primitiveDescription },
  fc
    .oneof(fc.integer({ min: -1e12, max: 1e12 }), fc.constant(NaN))
    .map((time): Description => ({ kind: 'date', time })),
  fc
    .tuple(fc.constantFrom('a', 'a|b', '^\\d+$', '[é]'), regexpFlags)
    .map(([source, flags]): Description => ({ kind: 'regexp', source, flags })),
  binaryDescription,
  boxedPrimitive.map((value): Description => ({ kind: 'boxed', value })),
);

const descriptionKey = fc.oneof(fc.constantFrom('a', 'b', 'name', '__proto__', ''), fc.string({ maxLength: 4 }));

export const { value: description } = fc.letrec<{ value: Description }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 4, depthSize: 'small', withCrossShrink: true },
    leafDescription,
    fc.array(tie('value'), { maxLength: 4 }).map((items): Description => ({ kind: 'array', items })),
    fc
      .tuple(
        fc.uniqueArray(fc.tuple(descriptionKey, tie('value')), { maxLength: 4, selector: ([key]) => key }),
        fc.boolean(),
      )
      .map(([entries, nullPrototype]): Description => ({ kind: 'object', entries, nullPrototype })),
    fc
      .array(fc.tuple(tie('value'), tie('value')), { maxLength: 3 })
      .map((entries): Description => ({ kind: 'map', entries })),
    fc.array(tie('value'), { maxLength: 3 }).map((items): Description => ({ kind: 'set', items })),
    fc
      .tuple(
        fc.constantFrom('Error', 'TypeError', 'RangeError', 'NotFound'),
        fc.string({ maxLength: 4 }),
        fc.option(tie('value'), { nil: undefined }),
      )
      .map(([type, message, code]): Description => ({ kind: 'error', type, message, code })),
    fc
      .tuple(fc.constantFrom<'Point' | 'Pair'>('Point', 'Pair'), tie('value'), tie('value'))
      .map(([className, x, y]): Description => ({ kind: 'instance', className, x, y })),
  ),
}));

/** A small domain, so that equal and nearly equal pairs are common. */
export const { small: smallDescription } = fc.letrec<{ small: Description }>((tie) => ({
  small: fc.oneof(
    { maxDepth: 2, depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...SMALL_PRIMITIVES).map((value): Description => ({ kind: 'primitive', value })),
    fc.constantFrom(0, 1, NaN).map((time): Description => ({ kind: 'date', time })),
    fc.constantFrom('', 'g').map((flags): Description => ({ kind: 'regexp', source: 'a', flags })),
    fc
      .tuple(fc.constantFrom('Uint8Array', 'Int8Array', 'DataView', 'ArrayBuffer'), fc.constantFrom(1, 2))
      .map(([type, byte]): Description => ({ kind: 'binary', type, bytes: [byte] })),
    fc.constantFrom<string | number>('a', 1, 0).map((value): Description => ({ kind: 'boxed', value })),
    fc
      .tuple(fc.constantFrom('Error', 'TypeError', 'NotFound'), fc.constantFrom('a', 'b'))
      .map(([type, message]): Description => ({ kind: 'error', type, message, code: undefined })),
    fc.array(tie('small'), { maxLength: 2 }).map((items): Description => ({ kind: 'array', items })),
    fc
      .tuple(
        fc.uniqueArray(fc.tuple(fc.constantFrom('a', 'b'), tie('small')), { maxLength: 2, selector: ([key]) => key }),
        fc.boolean(),
      )
      .map(([entries, nullPrototype]): Description => ({ kind: 'object', entries, nullPrototype })),
    fc
      .array(fc.tuple(tie('small'), tie('small')), { maxLength: 2 })
      .map((entries): Description => ({ kind: 'map', entries })),
    fc.array(tie('small'), { maxLength: 2 }).map((items): Description => ({ kind: 'set', items })),
    fc
      .tuple(fc.constantFrom<'Point' | 'Pair'>('Point', 'Pair'), tie('small'))
      .map(([className, x]): Description => ({ kind: 'instance', className, x, y: { kind: 'primitive', value: 0 } })),
  ),
}));
