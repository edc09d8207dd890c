/**
 * Property-based tests for keys across JavaScript realms (the example-based ones live in `crossRealmKeys.test.ts`).
 * A generated description of a value (nested objects, arrays, Maps, Sets, Dates, RegExps, typed arrays, boxed
 * primitives, Errors, class instances, bigints, strings...) is rebuilt by the same function in three realms:
 * jest's (this file's), a new `vm` context, and Node's own realm. Then
 *
 *  1. the three copies have the same key;
 *  2. a copy from another realm shares a key with a value of this realm exactly when the two values of this realm
 *     share one: unequal values still differ across realms.
 */
import * as vm from 'node:vm';
import fc from 'fast-check';
import { stableHash } from '../src';

type Primitive = string | number | bigint | boolean | null | undefined;

type Description =
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

/**
 * Builds the value a description stands for with the built-ins of the realm it runs in. Its source is evaluated
 * in the other realms, so it must not refer to anything outside itself.
 */
function rebuild(description: Description): unknown {
  class Point {
    x: unknown;
    y: unknown;
    constructor(x: unknown, y: unknown) {
      this.x = x;
      this.y = y;
    }
  }
  class Pair {
    x: unknown;
    y: unknown;
    constructor(x: unknown, y: unknown) {
      this.x = x;
      this.y = y;
    }
  }
  class NotFound extends Error {}
  const realm = globalThis as unknown as Record<string, new (...args: unknown[]) => object>;
  const errorTypes: Record<string, new (message: string) => Error> = { Error, TypeError, RangeError, NotFound };
  const define = (target: object, key: string, value: unknown) =>
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

  function build(node: Description): unknown {
    switch (node.kind) {
      case 'primitive':
        return node.value;
      case 'array':
        return node.items.map(build);
      case 'object': {
        const out: object = node.nullPrototype ? Object.create(null) : {};
        for (const [key, entry] of node.entries) define(out, key, build(entry));
        return out;
      }
      case 'map':
        return new Map(node.entries.map(([key, entry]) => [build(key), build(entry)]));
      case 'set':
        return new Set(node.items.map(build));
      case 'date':
        return new Date(node.time);
      case 'regexp':
        return new RegExp(node.source, node.flags);
      case 'binary': {
        const bytes = new Uint8Array(node.bytes.length);
        bytes.set(node.bytes);
        if (node.type === 'ArrayBuffer') return bytes.buffer;
        if (node.type === 'SharedArrayBuffer') {
          const shared = new SharedArrayBuffer(bytes.length);
          new Uint8Array(shared).set(bytes);
          return shared;
        }
        return new realm[node.type](bytes.buffer);
      }
      case 'boxed':
        return Object(node.value);
      case 'error': {
        const error = new errorTypes[node.type](node.message);
        if (node.code !== undefined) define(error, 'code', build(node.code));
        return error;
      }
      case 'instance':
        return node.className === 'Point'
          ? new Point(build(node.x), build(node.y))
          : new Pair(build(node.x), build(node.y));
    }
  }
  return build(description);
}

const rebuildInNewRealm = vm.runInNewContext(`(${rebuild.toString()})`) as typeof rebuild;
const rebuildInNodeRealm = vm.runInThisContext(`(${rebuild.toString()})`) as typeof rebuild;

// ---------------------------------------------------------------------------------------------------------------
// Descriptions
// ---------------------------------------------------------------------------------------------------------------

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

const primitive: fc.Arbitrary<Description> = fc
  .oneof(
    fc.string({ maxLength: 6 }),
    fc.double(),
    fc.bigInt(),
    fc.boolean(),
    fc.constantFrom<Primitive>(null, undefined, 0, -0, NaN),
  )
  .map((value) => ({ kind: 'primitive', value }));

const binary: fc.Arbitrary<Description> = fc
  .tuple(fc.constantFrom(...Object.keys(BINARY_TYPES)), fc.nat(3))
  .chain(([type, count]) => {
    const length = count * BINARY_TYPES[type];
    return fc
      .array(fc.integer({ min: 0, max: 255 }), { minLength: length, maxLength: length })
      .map((bytes): Description => ({ kind: 'binary', type, bytes }));
  });

const leaf: fc.Arbitrary<Description> = fc.oneof(
  { weight: 3, arbitrary: primitive },
  fc
    .oneof(fc.integer({ min: -1e12, max: 1e12 }), fc.constant(NaN))
    .map((time): Description => ({ kind: 'date', time })),
  fc
    .tuple(fc.constantFrom('a', 'a|b', '^\\d+$', '[é]'), fc.constantFrom('', 'g', 'i', 'gimsu'))
    .map(([source, flags]): Description => ({ kind: 'regexp', source, flags })),
  binary,
  fc
    .oneof(fc.string({ maxLength: 3 }), fc.double(), fc.boolean(), fc.bigInt())
    .map((value): Description => ({ kind: 'boxed', value })),
);

const objectKey = fc.oneof(fc.constantFrom('a', 'b', 'name', '__proto__', ''), fc.string({ maxLength: 4 }));

const { value: description } = fc.letrec<{ value: Description }>((tie) => ({
  value: fc.oneof(
    { maxDepth: 4, depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('value'), { maxLength: 4 }).map((items): Description => ({ kind: 'array', items })),
    fc
      .tuple(
        fc.uniqueArray(fc.tuple(objectKey, tie('value')), { maxLength: 4, selector: ([key]) => key }),
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
const { small: smallDescription } = fc.letrec<{ small: Description }>((tie) => ({
  small: fc.oneof(
    { maxDepth: 2, depthSize: 'small', withCrossShrink: true },
    fc
      .constantFrom<Primitive>(0, -0, 1, NaN, '', 'a', 1n, true, null, undefined)
      .map((value): Description => ({ kind: 'primitive', value })),
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

// ---------------------------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------------------------

describe('stableHash properties across realms', () => {
  it('rebuilds values with the built-ins of each realm', () => {
    const date: Description = { kind: 'date', time: 0 };
    expect(rebuild(date)).toBeInstanceOf(Date);
    expect(rebuildInNewRealm(date)).not.toBeInstanceOf(Date);
    expect(rebuildInNodeRealm(date)).not.toBeInstanceOf(Date);
    expect(Object.getPrototypeOf(rebuildInNewRealm({ kind: 'object', entries: [], nullPrototype: false }))).not.toBe(
      Object.prototype,
    );
  });

  it('a value rebuilt in another realm has the key of the same value of this realm', () => {
    fc.assert(
      fc.property(description, (value) => {
        const key = stableHash(rebuild(value));
        expect(stableHash(rebuildInNewRealm(value))).toBe(key);
        expect(stableHash(rebuildInNodeRealm(value))).toBe(key);
      }),
      { numRuns: 400 },
    );
  });

  it('a value of another realm shares a key with one of this realm exactly when two values of this realm would', () => {
    fc.assert(
      fc.property(smallDescription, smallDescription, (a, b) => {
        const sameHere = stableHash(rebuild(a)) === stableHash(rebuild(b));
        expect(stableHash(rebuildInNewRealm(a)) === stableHash(rebuild(b))).toBe(sameHere);
        expect(stableHash(rebuildInNodeRealm(a)) === stableHash(rebuildInNewRealm(b))).toBe(sameHere);
      }),
      { numRuns: 500 },
    );
  });
});
