/**
 * Property-based tests for keys across JavaScript realms (the example-based ones live in `crossRealmKeys.test.ts`).
 * A generated description of a value (nested objects, arrays, Maps, Sets, Dates, RegExps, typed arrays, boxed
 * primitives, Errors, class instances, bigints, strings...; see `support/valueGenerators.ts`) is rebuilt by the
 * same function in three realms: jest's (this file's), a new `vm` context, and Node's own realm. Then
 *
 *  1. the three copies have the same key;
 *  2. a copy from another realm shares a key with a value of this realm exactly when the two values of this realm
 *     share one: unequal values still differ across realms.
 */
import * as vm from 'node:vm';
import fc from 'fast-check';
import { stableHash } from '../src';
import { type Description, description, smallDescription } from './support/valueGenerators';

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
