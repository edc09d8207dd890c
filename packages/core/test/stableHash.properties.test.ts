/**
 * Property-based tests for `stableHash` (the example-based ones live in `stableHash.test.ts`):
 *
 *  1. equal values give equal keys: deep copies; copies with object keys and Map/Set entries re-inserted in a
 *     shuffled order, 0 and -0 swapped, other NaNs, plain and null-prototype objects swapped; shared vs copied
 *     sub-values; cyclic structures; values straddling the writer's 64 KiB buffer boundary;
 *  2. hashable input never throws, and gives the same 64 lowercase hex digits every time, whatever the label;
 *  3. different values give different keys: a corpus of tricky pairs, random distinct JSON-like pairs, and
 *     "same key ⇔ structurally equal" for random pairs from a tiny domain, for a value and a one-node mutation
 *     of it, and for a leaf and a variant of it anywhere in the hash buffer;
 *  4. an unhashable value placed anywhere is refused with an `UnhashableInputError` naming exactly that path;
 *  5. `registerHasher` and `[hashKey]()` hooks are honoured.
 *
 * "Structurally equal" is the documented semantics, written here independently of the encoder: numbers with
 * -0 = 0 and NaN = NaN; arrays by length, holes and elements; plain (and null-prototype) objects by their own
 * enumerable keys, whatever their order; class instances also by constructor name; Map and Set as multisets of
 * entries; binary data by type name and raw bytes; Dates by time value; RegExps by source and flags; URLs by
 * href; Errors by name, message and enumerable fields; boxed primitives by their primitive.
 *
 * Generated strings are well-formed and generated Errors are Error, TypeError and RangeError only; lone
 * surrogates and Error subclasses that keep the name "Error" are covered by examples in `stableHash.test.ts`.
 */
import { EventEmitter } from 'node:events';
import { types } from 'node:util';
import fc from 'fast-check';
import { hashKey, registerHasher, stableHash, UnhashableInputError } from '../src';
import {
  anyLeafKind,
  hashable,
  jsonLike,
  leaf,
  Pair,
  Point,
  shuffleChoices,
  smallWorld,
  unhashable,
} from './support/valueGenerators';

const HEX_SHA256 = /^[0-9a-f]{64}$/;
const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

// ---------------------------------------------------------------------------------------------------------------
// Classes taught to the hasher
// ---------------------------------------------------------------------------------------------------------------

/** A class the user does not own, taught to the hasher with registerHasher. */
class Money {
  /** Not part of the stable form: a registered hasher must be the only thing that is looked at. */
  readonly formatter = (cents: bigint) => `${cents}`;
  constructor(
    readonly currency: string,
    readonly cents: bigint,
  ) {}
}

class EuroMoney extends Money {
  constructor(cents: bigint) {
    super('EUR', cents);
  }
}

/** Wraps any value; registered so that the stable form is `{ inner }`. */
class Envelope {
  constructor(readonly inner: unknown) {}
}

/** Supplies its own stable form. */
class Snapshot {
  readonly liveHandle = new EventEmitter();
  constructor(readonly state: unknown) {}
  [hashKey](): unknown {
    return this.state;
  }
}

beforeAll(() => {
  registerHasher(Money, (money) => [money.currency, money.cents]);
  registerHasher(Envelope, (envelope) => ({ inner: envelope.inner }));
});

afterAll(() => {
  registerHasher(Money, undefined);
  registerHasher(Envelope, undefined);
});

// ---------------------------------------------------------------------------------------------------------------
// Structural equality: the documented semantics, independent of the encoder
// ---------------------------------------------------------------------------------------------------------------

type Kind =
  | 'array'
  | 'binary'
  | 'arrayBuffer'
  | 'date'
  | 'regexp'
  | 'url'
  | 'map'
  | 'set'
  | 'error'
  | 'boxed'
  | 'object'
  | 'instance';

function kindOf(value: object): Kind {
  if (Array.isArray(value)) return 'array';
  if (ArrayBuffer.isView(value)) return 'binary';
  if (value instanceof ArrayBuffer) return 'arrayBuffer';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regexp';
  if (value instanceof URL) return 'url';
  if (value instanceof Map) return 'map';
  if (value instanceof Set) return 'set';
  if (value instanceof Error) return 'error';
  if (types.isBoxedPrimitive(value)) return 'boxed';
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null ? 'object' : 'instance';
}

const nameOf = (value: object): string => (value.constructor as { name: string }).name;

function bytesOf(value: ArrayBufferView | ArrayBuffer): Uint8Array {
  return ArrayBuffer.isView(value)
    ? new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
    : new Uint8Array(value);
}

/** Multiset equality under an equivalence relation: greedy matching is exact. */
function sameMultiset<T>(left: readonly T[], right: readonly T[], equal: (a: T, b: T) => boolean): boolean {
  if (left.length !== right.length) return false;
  const unused = [...right];
  for (const item of left) {
    const at = unused.findIndex((candidate) => equal(item, candidate));
    if (at === -1) return false;
    unused.splice(at, 1);
  }
  return true;
}

function sameFields(a: object, b: object): boolean {
  const left = Object.keys(a).sort();
  const right = Object.keys(b).sort();
  return (
    left.length === right.length &&
    left.every(
      (key, index) =>
        key === right[index] &&
        structurallyEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
    )
  );
}

/** Structural equality for acyclic values, following the documented hashing semantics. */
function structurallyEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return a === b || (Number.isNaN(a) && Number.isNaN(b));
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return a === b;
  const kind = kindOf(a);
  if (kind !== kindOf(b)) return false;
  switch (kind) {
    case 'array': {
      const x = a as unknown[];
      const y = b as unknown[];
      if (x.length !== y.length) return false;
      for (let index = 0; index < x.length; index++) {
        const present = index in x;
        if (present !== index in y) return false;
        if (present && !structurallyEqual(x[index], y[index])) return false;
      }
      return true;
    }
    case 'binary':
    case 'arrayBuffer':
      return (
        nameOf(a) === nameOf(b) && Buffer.compare(bytesOf(a as ArrayBufferView), bytesOf(b as ArrayBufferView)) === 0
      );
    case 'date':
      return structurallyEqual((a as Date).getTime(), (b as Date).getTime());
    case 'regexp':
      return (a as RegExp).source === (b as RegExp).source && (a as RegExp).flags === (b as RegExp).flags;
    case 'url':
      return (a as URL).href === (b as URL).href;
    case 'map':
      return sameMultiset(
        [...(a as Map<unknown, unknown>)],
        [...(b as Map<unknown, unknown>)],
        ([k1, v1], [k2, v2]) => structurallyEqual(k1, k2) && structurallyEqual(v1, v2),
      );
    case 'set':
      return sameMultiset([...(a as Set<unknown>)], [...(b as Set<unknown>)], structurallyEqual);
    case 'error':
      return (
        (a as Error).name === (b as Error).name && (a as Error).message === (b as Error).message && sameFields(a, b)
      );
    case 'boxed':
      return structurallyEqual(a.valueOf(), b.valueOf());
    case 'object':
      return sameFields(a, b);
    case 'instance':
      return nameOf(a) === nameOf(b) && sameFields(a, b);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Rebuilding values: faithful deep copies, and equivalent copies in another insertion order
// ---------------------------------------------------------------------------------------------------------------

interface Rewrite {
  /** The order in which keys / entries are re-inserted. */
  order<T>(items: readonly T[]): T[];
  /** Whether to apply an equivalence-preserving change (0 ↔ -0, other NaN, null prototype, other invalid Date). */
  flip(): boolean;
}

const faithful: Rewrite = { order: (items) => [...items], flip: () => false };

/** A Fisher-Yates shuffle driven by generated choices, so failing cases shrink. */
function shuffled(choices: readonly number[]): Rewrite {
  let cursor = 0;
  const next = (): number => (choices.length === 0 ? 0 : choices[cursor++ % choices.length]);
  return {
    order(items) {
      const out = [...items];
      for (let index = out.length - 1; index > 0; index--) {
        const other = next() % (index + 1);
        [out[index], out[other]] = [out[other], out[index]];
      }
      return out;
    },
    flip: () => next() % 2 === 1,
  };
}

const NAN_BITS = new BigUint64Array([0x7ff8_dead_beef_0001n, 0xfff8_0000_0000_0000n, 0x7ff0_0000_0000_0001n]);
const OTHER_NANS = [...new Float64Array(NAN_BITS.buffer), Number('not a number'), 0 / 0, Math.sqrt(-1)];

function define(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Deep copy that shares nothing with the original (cycles included), in the insertion order `rewrite` picks. */
function rebuild(value: unknown, rewrite: Rewrite = faithful, seen = new Map<object, unknown>()): unknown {
  if (typeof value === 'number') {
    if (value === 0 && rewrite.flip()) return -value;
    if (Number.isNaN(value) && rewrite.flip()) return OTHER_NANS[OTHER_NANS.length - 1];
    return value;
  }
  if (typeof value !== 'object' || value === null) return value;
  const known = seen.get(value);
  if (known !== undefined) return known;
  const again = (child: unknown) => rebuild(child, rewrite, seen);
  switch (kindOf(value)) {
    case 'array': {
      const source = value as unknown[];
      const copy: unknown[] = new Array(source.length);
      seen.set(value, copy);
      const present = [...source.keys()].filter((index) => index in source);
      for (const index of rewrite.order(present)) copy[index] = again(source[index]);
      return copy;
    }
    case 'binary': {
      if (Buffer.isBuffer(value)) return Buffer.from(value);
      const view = value as ArrayBufferView;
      const Constructor = view.constructor as new (buffer: ArrayBuffer) => ArrayBufferView;
      return new Constructor(bytesOf(view).slice().buffer);
    }
    case 'arrayBuffer':
      return (value as ArrayBuffer).slice(0);
    case 'date': {
      const time = (value as Date).getTime();
      return new Date(Number.isNaN(time) && rewrite.flip() ? 'not a date' : time);
    }
    case 'regexp':
      return new RegExp((value as RegExp).source, (value as RegExp).flags);
    case 'url':
      return new URL((value as URL).href);
    case 'map': {
      const copy = new Map<unknown, unknown>();
      seen.set(value, copy);
      for (const [key, entry] of rewrite.order([...(value as Map<unknown, unknown>)]))
        copy.set(again(key), again(entry));
      return copy;
    }
    case 'set': {
      const copy = new Set<unknown>();
      seen.set(value, copy);
      for (const element of rewrite.order([...(value as Set<unknown>)])) copy.add(again(element));
      return copy;
    }
    case 'error': {
      const Constructor = value.constructor as ErrorConstructor;
      const copy = new Constructor((value as Error).message);
      seen.set(value, copy);
      for (const key of rewrite.order(Object.keys(value)))
        define(copy, key, again((value as Record<string, unknown>)[key]));
      return copy;
    }
    case 'boxed':
      return Object(again(value.valueOf()));
    case 'object':
    case 'instance': {
      let prototype: object | null = Object.getPrototypeOf(value);
      if (kindOf(value) === 'object' && rewrite.flip()) prototype = prototype === null ? Object.prototype : null;
      const copy: object = Object.create(prototype);
      seen.set(value, copy);
      for (const key of rewrite.order(Object.keys(value)))
        define(copy, key, again((value as Record<string, unknown>)[key]));
      return copy;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// One-node mutations
// ---------------------------------------------------------------------------------------------------------------

type Step =
  | { in: 'index'; at: number }
  | { in: 'key'; at: string }
  | { in: 'mapKey' | 'mapValue' | 'setElement'; at: number };

function childrenOf(value: unknown): Array<[Step, unknown]> {
  if (typeof value !== 'object' || value === null) return [];
  switch (kindOf(value)) {
    case 'array': {
      const array = value as unknown[];
      return [...array.keys()]
        .filter((index) => index in array)
        .map((index) => [{ in: 'index', at: index }, array[index]]);
    }
    case 'map':
      return [...(value as Map<unknown, unknown>)].flatMap(
        ([key, entry], at): Array<[Step, unknown]> => [
          [{ in: 'mapKey', at }, key],
          [{ in: 'mapValue', at }, entry],
        ],
      );
    case 'set':
      return [...(value as Set<unknown>)].map((element, at) => [{ in: 'setElement', at }, element]);
    case 'object':
    case 'instance':
    case 'error':
      return Object.keys(value).map((key) => [{ in: 'key', at: key }, (value as Record<string, unknown>)[key]]);
    default:
      return [];
  }
}

function allPaths(value: unknown, prefix: Step[] = [], out: Step[][] = []): Step[][] {
  out.push(prefix);
  for (const [step, child] of childrenOf(value)) allPaths(child, [...prefix, step], out);
  return out;
}

function childAt(value: unknown, step: Step): unknown {
  return childrenOf(value).find(([candidate]) => candidate.in === step.in && candidate.at === step.at)?.[1];
}

/** A shallow copy of `value` with one child replaced. */
function withChild(value: object, step: Step, child: unknown): object {
  switch (step.in) {
    case 'index': {
      const copy = (value as unknown[]).slice();
      copy[step.at] = child;
      return copy;
    }
    case 'mapKey':
    case 'mapValue':
      return new Map(
        [...(value as Map<unknown, unknown>)].map(([key, entry], at) =>
          at !== step.at ? [key, entry] : step.in === 'mapKey' ? [child, entry] : [key, child],
        ),
      );
    case 'setElement':
      return new Set([...(value as Set<unknown>)].map((element, at) => (at === step.at ? child : element)));
    case 'key': {
      const copy: object =
        value instanceof Error
          ? new (value.constructor as ErrorConstructor)(value.message)
          : Object.create(Object.getPrototypeOf(value));
      for (const key of Object.keys(value)) {
        define(copy, key, key === step.at ? child : (value as Record<string, unknown>)[key]);
      }
      return copy;
    }
  }
}

function replaceAt(value: unknown, path: readonly Step[], replacement: (old: unknown) => unknown): unknown {
  if (path.length === 0) return replacement(value);
  const [head, ...rest] = path;
  return withChild(value as object, head, replaceAt(childAt(value, head), rest, replacement));
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);
/** The next double in bit order (a neighbour of x). */
function neighbour(x: number): number {
  f64[0] = x;
  u64[0] += 1n;
  return f64[0];
}

/** Binary data of the same type as `original` holding `bytes`. */
function sameBinaryKind(original: ArrayBufferView | ArrayBuffer, bytes: Uint8Array): unknown {
  const buffer = bytes.slice().buffer;
  if (original instanceof ArrayBuffer) return buffer;
  if (Buffer.isBuffer(original)) return Buffer.from(buffer);
  return new (original.constructor as new (buffer: ArrayBuffer) => ArrayBufferView)(buffer);
}

function objectWith(prototype: object | null, entries: ReadonlyArray<readonly [string, unknown]>): object {
  const out: object = Object.create(prototype);
  for (const [key, entry] of entries) define(out, key, entry);
  return out;
}

/** Values near `x` (type-specific ones first): some equal to it under the documented semantics, most not. */
function variantsOf(x: unknown): { specific: unknown[]; generic: unknown[] } {
  const generic: unknown[] = [[x], { v: x }, new Set([x]), new Map([[x, x]]), undefined, null];
  const out: unknown[] = [];
  switch (typeof x) {
    case 'number':
      out.push(x + 1, -x, x * 2, neighbour(x), String(x), new Date(x), Object(x), new Float64Array([x]), 0, NaN);
      if (Number.isSafeInteger(x)) out.push(BigInt(x));
      break;
    case 'string': {
      const codePoints = Array.from(x);
      out.push(
        `${x}\u0000`,
        `\u0000${x}`,
        codePoints.slice(1).join(''),
        codePoints.slice(0, -1).join(''),
        [...codePoints.slice(0, -1), codePoints.at(-1) === 'z' ? 'y' : 'z'].join(''),
        [...codePoints].reverse().join(''),
        x.normalize('NFD'),
        x.normalize('NFC'),
        x.toUpperCase(),
        x + x,
        Object(x),
        Buffer.from(x),
        codePoints,
      );
      break;
    }
    case 'bigint':
      out.push(x + 1n, -x, Number(x), String(x), Object(x));
      break;
    case 'boolean':
      out.push(!x, Number(x), String(x), Object(x));
      break;
    case 'undefined':
      out.push(0, '', false, NaN, [], {});
      break;
    case 'object': {
      if (x === null) {
        out.push(0, {}, 'null', Object.create(null));
        break;
      }
      const fields = Object.keys(x).map((key): [string, unknown] => [key, (x as Record<string, unknown>)[key]]);
      switch (kindOf(x)) {
        case 'array': {
          const array = x as unknown[];
          const longer = array.slice();
          longer.push(undefined);
          const holeAtEnd = array.slice();
          holeAtEnd.length += 1;
          const shorter = array.slice(0, -1);
          const holeAtStart = array.slice();
          if (holeAtStart.length > 0) delete holeAtStart[0];
          const holesFilled = Array.from(array);
          const undefinedsToHoles = array.slice();
          for (const [index, entry] of array.entries()) if (entry === undefined) delete undefinedsToHoles[index];
          out.push(longer, holeAtEnd, shorter, holeAtStart, holesFilled, undefinedsToHoles);
          out.push(array.slice().reverse(), array.flat());
          out.push(objectWith(Object.prototype, fields), new Set(array));
          break;
        }
        case 'object':
        case 'instance': {
          const prototype: object | null = Object.getPrototypeOf(x);
          const variants = [
            objectWith(prototype, [...fields, ['extra', undefined]]),
            objectWith(prototype, fields.slice(1)),
            objectWith(
              prototype,
              fields.map(([key, entry]) => [`${key}_`, entry]),
            ),
            objectWith(prototype === null ? Object.prototype : null, fields),
            objectWith(Object.prototype, fields),
            objectWith(Point.prototype, fields),
            objectWith(Pair.prototype, fields),
            fields.map(([, entry]) => entry),
            new Map(fields),
          ];
          // An instance with no own enumerable field is refused, not hashed (its state may be #private).
          out.push(...variants.filter((variant) => kindOf(variant) !== 'instance' || Object.keys(variant).length > 0));
          break;
        }
        case 'map': {
          const entries = [...(x as Map<unknown, unknown>)];
          out.push(
            new Map(entries.slice(1)),
            new Map([...entries, ['extra', 1]]),
            new Map(entries.map(([key], at) => [key, entries[(at + 1) % entries.length][1]])),
            new Set(entries.map(([key]) => key)),
            entries,
          );
          break;
        }
        case 'set': {
          const elements = [...(x as Set<unknown>)];
          out.push(new Set(elements.slice(1)), new Set([...elements, 'extra']), elements);
          break;
        }
        case 'date': {
          const time = (x as Date).getTime();
          out.push(new Date(time + 1), new Date(NaN), time, String(x));
          break;
        }
        case 'binary':
        case 'arrayBuffer': {
          const original = x as ArrayBufferView | ArrayBuffer;
          const bytes = bytesOf(original).slice();
          const flipped = bytes.slice();
          if (flipped.length > 0) flipped[flipped.length - 1] ^= 1;
          const elementSize = (original as Partial<Int32Array>).BYTES_PER_ELEMENT ?? 1;
          out.push(
            sameBinaryKind(original, flipped),
            sameBinaryKind(original, Uint8Array.from([...bytes, ...new Array<number>(elementSize).fill(0)])),
            sameBinaryKind(original, bytes.subarray(0, Math.max(0, bytes.length - elementSize))),
            flipped,
            bytes,
            Buffer.from(bytes),
            new Int8Array(bytes.slice().buffer),
            new DataView(bytes.slice().buffer),
            bytes.slice().buffer,
            Array.from(bytes),
          );
          break;
        }
        case 'regexp': {
          const regexp = x as RegExp;
          const toggled = (flag: string) =>
            new RegExp(
              regexp.source,
              regexp.flags.includes(flag) ? regexp.flags.replace(flag, '') : regexp.flags + flag,
            );
          out.push(
            regexp.source,
            toggled('g'),
            toggled('i'),
            toggled('y'),
            new RegExp(`${regexp.source}x`, regexp.flags),
          );
          break;
        }
        case 'url':
          out.push((x as URL).href, new URL('other', (x as URL).href));
          break;
        case 'error': {
          const error = x as Error;
          out.push(new TypeError(error.message), new RangeError(`${error.message}!`), {
            name: error.name,
            message: error.message,
          });
          break;
        }
        case 'boxed': {
          const inner: unknown = x.valueOf();
          out.push(inner, Object(String(inner)), Object(typeof inner === 'string' ? `${inner}_` : 0));
          break;
        }
      }
      break;
    }
  }
  return { specific: out, generic };
}

/** Picks a variant of `x`; even choices prefer a type-specific one. */
function variantOf(x: unknown, choice: number): unknown {
  const { specific, generic } = variantsOf(x);
  const from = choice % 2 === 0 && specific.length > 0 ? specific : generic;
  return from[Math.floor(choice / 2) % from.length];
}

// ---------------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------------

function thrownBy(run: () => unknown): unknown {
  try {
    run();
  } catch (caught) {
    return caught;
  }
  return undefined;
}

/** `x` nested inside `{ v, self }` where `self` points back at the outer object. */
function cyclicAround(x: unknown): Record<string, unknown> {
  const root: Record<string, unknown> = { v: x };
  root.self = root;
  return root;
}

/**
 * How full the writer's 64 KiB buffer is before the value under test is written. The padding is made of short
 * ASCII strings (65 bytes each once encoded), which the writer batches in its buffer; a single long string would
 * be streamed and leave the buffer empty. `tail` sets the fill level byte by byte.
 */
const fillLevel = fc.record({ strings: fc.integer({ min: 1000, max: 1008 }), tail: fc.nat(64) });

function padding({ strings, tail }: { strings: number; tail: number }): unknown[] {
  const pad: unknown[] = new Array<string>(strings).fill('x'.repeat(60));
  pad.push('y'.repeat(tail));
  return pad;
}

const PROBE = { n: 1, list: [1, 'two', 3n], when: new Date(5) };
const PROBE_KEY = stableHash(PROBE);

// ---------------------------------------------------------------------------------------------------------------
// 1. Equal values ⇒ equal keys
// ---------------------------------------------------------------------------------------------------------------

describe('stableHash properties: equal values give equal keys', () => {
  it('the test helpers agree with themselves (copies are structurally equal, shuffles really reorder)', () => {
    const sample = { b: 1, a: 2, c: 3, d: 4 };
    const reordered = rebuild(sample, shuffled([1, 0, 2])) as object;
    expect(structurallyEqual(sample, reordered)).toBe(true);
    expect(Object.keys(reordered)).not.toEqual(Object.keys(sample));
    fc.assert(
      fc.property(hashable, shuffleChoices, (value, choices) => {
        expect(structurallyEqual(value, rebuild(value))).toBe(true);
        expect(structurallyEqual(value, rebuild(value, shuffled(choices)))).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('a deep copy has the same key', () => {
    fc.assert(
      fc.property(hashable, (value) => {
        expect(stableHash(rebuild(value))).toBe(stableHash(value));
      }),
      { numRuns: 300 },
    );
  });

  it('re-inserting object keys and Map/Set entries in another order (and 0/-0, NaN, null-proto swaps) keeps it', () => {
    fc.assert(
      fc.property(hashable, shuffleChoices, (value, choices) => {
        expect(stableHash(rebuild(value, shuffled(choices)))).toBe(stableHash(value));
      }),
      { numRuns: 300 },
    );
  });

  it('shared and copied sub-values give the same key', () => {
    fc.assert(
      fc.property(hashable, (value) => {
        expect(stableHash({ a: value, b: value })).toBe(stableHash({ a: value, b: rebuild(value) }));
        expect(stableHash([value, value])).toBe(stableHash([rebuild(value), rebuild(value)]));
        expect(
          stableHash(
            new Map([
              ['k', value],
              ['l', value],
            ]),
          ),
        ).toBe(
          stableHash(
            new Map([
              ['l', rebuild(value)],
              ['k', rebuild(value)],
            ]),
          ),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('cyclic structures hash like their copies, and unlike a finite unrolling', () => {
    fc.assert(
      fc.property(hashable, shuffleChoices, (value, choices) => {
        const cyclic = cyclicAround(value);
        expect(stableHash(rebuild(cyclic))).toBe(stableHash(cyclic));
        expect(stableHash(rebuild(cyclic, shuffled(choices)))).toBe(stableHash(cyclic));
        expect(stableHash(cyclicAround(rebuild(value)))).toBe(stableHash(cyclic));
        expect(stableHash({ v: value, self: { v: value, self: {} } })).not.toBe(stableHash(cyclic));

        const cyclicMap = new Map<unknown, unknown>([['v', value]]);
        cyclicMap.set('self', [cyclicMap]);
        expect(stableHash(rebuild(cyclicMap, shuffled(choices)))).toBe(stableHash(cyclicMap));
      }),
      { numRuns: 100 },
    );
  });

  it('the same value hashes alike wherever the hash buffer boundary falls (64 KiB chunks)', () => {
    fc.assert(
      fc.property(hashable, fillLevel, shuffleChoices, (value, fill, choices) => {
        const pad = padding(fill);
        expect(stableHash([pad, rebuild(value, shuffled(choices)), 'after'])).toBe(stableHash([pad, value, 'after']));
      }),
      { numRuns: 60 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 2. Hashable input never throws
// ---------------------------------------------------------------------------------------------------------------

describe('stableHash properties: hashable input', () => {
  it('never throws, always gives 64 hex digits, is deterministic and ignores the label', () => {
    fc.assert(
      fc.property(hashable, fc.constantFrom('value', 'args[0]', 'input'), (value, label) => {
        const key = stableHash(value);
        expect(key).toMatch(HEX_SHA256);
        expect(stableHash(value)).toBe(key);
        expect(stableHash(value, label)).toBe(key);
      }),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 3. Different values ⇒ different keys
// ---------------------------------------------------------------------------------------------------------------

function cycleOfArray(): unknown[] {
  const array: unknown[] = [1];
  array.push(array);
  return array;
}

function cycleToParent(): object {
  const root: { x: Record<string, unknown> } = { x: {} };
  root.x.up = root;
  return root;
}

function cycleToSelf(): object {
  const root: { x: Record<string, unknown> } = { x: {} };
  root.x.up = root.x;
  return root;
}

/** Pairs that must never share a key (none of them repeats a case of stableHash.test.ts). */
const DIFFERENT_PAIRS: Array<[string, unknown, unknown]> = [
  ['a nested and a flat array', [[1, 2]], [1, 2]],
  ['[[]] and []', [[]], []],
  ['[[], []] and [[[]]]', [[], []], [[[]]]],
  ['[1, [2, 3]] and [[1, 2], 3]', [1, [2, 3]], [[1, 2], 3]],
  ['{ a: {} } and { a: [] }', { a: {} }, { a: [] }],
  ['{ a: [1], b: [] } and { a: [], b: [1] }', { a: [1], b: [] }, { a: [], b: [1] }],
  ['"\\u0000" and ""', '\u0000', ''],
  ['"a\\u0000" and "a"', 'a\u0000', 'a'],
  ['composed and decomposed é (NFC and NFD)', '\u00e9', 'e\u0301'],
  ['two astral characters (surrogate pairs)', '\u{1F600}', '\u{1F601}'],
  ['a surrogate pair and its halves swapped', '\uD83D\uDE00', '\uDE00\uD83D'],
  ['["a", "b"] and ["a,b"]', ['a', 'b'], ['a,b']],
  ['{ ab: "c" } and { a: "bc" }', { ab: 'c' }, { a: 'bc' }],
  ['{ "a.b": 1 } and { a: { b: 1 } }', { 'a.b': 1 }, { a: { b: 1 } }],
  ['{ "": 1 } and {}', { '': 1 }, {}],
  ['{ a: undefined } and { b: undefined }', { a: undefined }, { b: undefined }],
  ['{ a: 1, b: 2 } and { a: 2, b: 1 }', { a: 1, b: 2 }, { a: 2, b: 1 }],
  ['2n ** 53n and 2n ** 53n + 1n', 2n ** 53n, 2n ** 53n + 1n],
  ['2 ** 53 and 2n ** 53n', 2 ** 53, 2n ** 53n],
  ['0n and 0', 0n, 0],
  ['0.1 + 0.2 and 0.3', 0.1 + 0.2, 0.3],
  ['1 and the next double', 1, 1 + Number.EPSILON],
  ['Number.MIN_VALUE and 0', Number.MIN_VALUE, 0],
  ['Number.MAX_VALUE and Infinity', Number.MAX_VALUE, Infinity],
  ['"NaN" and NaN', 'NaN', NaN],
  ['[NaN] and [undefined]', [NaN], [undefined]],
  ['"true" and true', 'true', true],
  ['"null" and null', 'null', null],
  ['"[]" and []', '[]', []],
  ['an invalid Date and new Date(0)', new Date(NaN), new Date(0)],
  ['a Date and its ISO string', new Date(0), new Date(0).toISOString()],
  ['new Set([1, "1"]) and new Set([1])', new Set([1, '1']), new Set([1])],
  ['new Set([undefined]) and new Set()', new Set([undefined]), new Set()],
  ['new Set([[1, 2]]) and new Set([1, 2])', new Set([[1, 2]]), new Set([1, 2])],
  ['Map key 1 and Map key "1"', new Map([[1, 'x']]), new Map([['1', 'x']])],
  ['new Map([[1, 2]]) and new Map([[2, 1]])', new Map([[1, 2]]), new Map([[2, 1]])],
  ['a Map entry set to undefined and an empty Map', new Map([['a', undefined]]), new Map()],
  ['an empty Map and an empty Set', new Map(), new Set()],
  ['[null] and [undefined]', [null], [undefined]],
  ['[undefined] and []', [undefined], []],
  ['sparse arrays of length 3 and 2', new Array(3), new Array(2)],
  // biome-ignore lint/suspicious/noSparseArray: holes are the input under test
  ['a hole at the start and a hole at the end', [, 1], [1, ,]],
  ['Int8Array [-1] and Uint8Array [255]', new Int8Array([-1]), new Uint8Array([255])],
  ['Float32Array [1] and Float64Array [1]', new Float32Array([1]), new Float64Array([1])],
  ['Uint8Array [0] and Uint8Array [0, 0]', new Uint8Array([0]), new Uint8Array([0, 0])],
  ['empty Uint8Array and empty Uint8ClampedArray', new Uint8Array([]), new Uint8ClampedArray([])],
  ['BigInt64Array and BigUint64Array [1n]', new BigInt64Array([1n]), new BigUint64Array([1n])],
  ['Float64Array [-0] and [0] (raw bytes)', new Float64Array([-0]), new Float64Array([0])],
  [
    'a DataView and a Uint8Array of the same bytes',
    new DataView(new Uint8Array([1, 2]).buffer),
    new Uint8Array([1, 2]),
  ],
  ['an ArrayBuffer and a Uint8Array of the same bytes', new Uint8Array([1, 2]).buffer, new Uint8Array([1, 2])],
  ['a Buffer and the string it encodes', Buffer.from('abc'), 'abc'],
  ['Error and TypeError with the same message', new Error('x'), new TypeError('x')],
  ['an Error and a plain object with its name and message', new Error('x'), { name: 'Error', message: 'x' }],
  ['an Error with an extra field and one without', Object.assign(new Error('x'), { code: 1 }), new Error('x')],
  ['a RegExp and its source string', /a/, 'a'],
  ['/a|b/ and /(a|b)/', /a|b/, /(a|b)/],
  ['a URL and its href string', new URL('https://example.com/'), 'https://example.com/'],
  ['new String("a") and "a"', new String('a'), 'a'],
  ['new Number(1) and 1', new Number(1), 1],
  ['new Boolean(false) and false', new Boolean(false), false],
  ['Object(1n) and 1n', Object(1n), 1n],
  ['new String("1") and new Number(1)', new String('1'), new Number(1)],
  ['Point(1, 2) and Point(2, 1)', new Point(1, 2), new Point(2, 1)],
  ['an array cycle and its finite unrolling', cycleOfArray(), [1, [1, []]]],
  ['a cycle to the parent and a cycle to itself', cycleToParent(), cycleToSelf()],
  ['a [hashKey]() object and its stable form', { [hashKey]: () => 1 }, 1],
  ['a registered class and its stable form', new Money('EUR', 5n), ['EUR', 5n]],
  ['a registered class and its subclass with the same stable form', new Money('EUR', 5n), new EuroMoney(5n)],
];

describe('stableHash properties: different values give different keys', () => {
  it('has a corpus of at least 40 tricky pairs', () => {
    expect(DIFFERENT_PAIRS.length).toBeGreaterThanOrEqual(40);
  });

  it.each(DIFFERENT_PAIRS)('tells apart %s', (_label, a, b) => {
    expect(stableHash(a)).not.toBe(stableHash(b));
  });

  it('random distinct JSON-like values have distinct keys', () => {
    fc.assert(
      fc.property(jsonLike, jsonLike, (a, b) => {
        fc.pre(!structurallyEqual(a, b));
        expect(stableHash(a)).not.toBe(stableHash(b));
      }),
      { numRuns: 400 },
    );
  });

  it('random equal JSON-like values have equal keys (the other half of the same equality)', () => {
    fc.assert(
      fc.property(jsonLike, jsonLike, (a, b) => {
        expect(stableHash(a) === stableHash(b)).toBe(structurallyEqual(a, b));
      }),
      { numRuns: 400 },
    );
  });

  it('random values of every kind from a tiny domain share a key exactly when they are structurally equal', () => {
    fc.assert(
      fc.property(smallWorld, smallWorld, (a, b) => {
        expect(stableHash(a) === stableHash(b)).toBe(structurallyEqual(a, b));
      }),
      { numRuns: 500 },
    );
  });

  it('class instances share a key exactly when they have the same class and equal fields', () => {
    const field = fc.constantFrom<unknown>(0, -0, 1, NaN, 'a', undefined);
    const instance = fc
      .tuple(fc.constantFrom('Point', 'Pair', 'plain'), field, field)
      .map(([kind, x, y]) => (kind === 'Point' ? new Point(x, y) : kind === 'Pair' ? new Pair(x, y) : { x, y }));
    fc.assert(
      fc.property(instance, instance, (a, b) => {
        expect(stableHash(a) === stableHash(b)).toBe(structurallyEqual(a, b));
      }),
      { numRuns: 200 },
    );
  });

  it('a value and a one-node mutation of it share a key exactly when they are structurally equal', () => {
    fc.assert(
      fc.property(hashable, fc.nat(), fc.nat(), fc.option(fillLevel, { freq: 4 }), (original, slot, variant, fill) => {
        const paths = allPaths(original);
        const path = paths[slot % paths.length];
        const mutated = replaceAt(original, path, (old) => variantOf(old, variant));
        const wrap = (x: unknown) => (fill === null ? x : [padding(fill), x, 'after']);
        const sameKey = stableHash(wrap(original)) === stableHash(wrap(mutated));
        expect(sameKey).toBe(structurallyEqual(original, mutated));
      }),
      { numRuns: 300 },
    );
  });
});

describe('stableHash properties: one leaf at a time, anywhere in the hash buffer', () => {
  it('a leaf and a variant of it share a key exactly when they are structurally equal', () => {
    fc.assert(
      fc.property(anyLeafKind, fc.nat(), fc.option(fillLevel, { freq: 2 }), (x, choice, fill) => {
        const y = variantOf(x, choice);
        const wrap = (v: unknown) => (fill === null ? v : [padding(fill), v, 'after']);
        expect(stableHash(wrap(x)) === stableHash(wrap(y))).toBe(structurallyEqual(x, y));
      }),
      { numRuns: 400 },
    );
  });

  it('two leaves share a key exactly when they are structurally equal', () => {
    fc.assert(
      fc.property(anyLeafKind, anyLeafKind, fc.option(fillLevel, { freq: 2 }), (x, y, fill) => {
        const wrap = (v: unknown) => (fill === null ? v : [padding(fill), v, 'after']);
        expect(stableHash(wrap(x)) === stableHash(wrap(y))).toBe(structurallyEqual(x, y));
      }),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 4. Unhashable values are refused at the right path
// ---------------------------------------------------------------------------------------------------------------

/**
 * Object keys: identifiers (formatted `.key`) and a few that need brackets (`["odd key"]`). Keys starting with
 * '<' are left out: the path formatter prints them raw (`{ '<x>': fn }` fails at `value<x>`), like its own
 * `<Map key …>` segments.
 */
const pathKey = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[a-z_$][a-zA-Z0-9_$]{0,5}$/) },
  fc.constantFrom('odd key', '0', '42', 'a-b', 'x.y', '"q"', '\u00e9', ''),
);

/** Keys that `Error` fields may use without replacing the Error's own name and message. */
const errorFieldKey = pathKey.filter((key) => !['name', 'message', 'stack', 'cause'].includes(key));

const hashableSibling: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: leaf },
  fc.array(leaf, { maxLength: 3 }),
  fc.dictionary(pathKey, leaf, { maxKeys: 3 }),
);

type Wrapper =
  | { kind: 'objectKey'; key: string; siblings: Record<string, unknown> }
  | { kind: 'arrayIndex'; index: number; siblings: unknown[] }
  | { kind: 'mapValue'; key: string | number; siblings: Array<[unknown, unknown]> }
  | { kind: 'mapKey'; siblings: Array<[unknown, unknown]> }
  | { kind: 'setElement'; siblings: unknown[] }
  | { kind: 'instanceField'; key: string; other: unknown }
  | { kind: 'errorField'; key: string }
  | { kind: 'hashKeyHook' }
  | { kind: 'registeredClass' };

const wrapper: fc.Arbitrary<Wrapper> = fc.oneof(
  fc.record({
    kind: fc.constant('objectKey' as const),
    key: pathKey,
    siblings: fc.dictionary(pathKey, hashableSibling, { maxKeys: 3 }),
  }),
  fc.record({
    kind: fc.constant('arrayIndex' as const),
    index: fc.nat(6),
    siblings: fc.sparseArray(hashableSibling, { maxLength: 5 }),
  }),
  fc.record({
    kind: fc.constant('mapValue' as const),
    key: fc.oneof(pathKey, fc.integer({ min: -5, max: 50 })),
    siblings: fc.array(fc.tuple(fc.oneof(pathKey, fc.integer()), hashableSibling), { maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('mapKey' as const),
    siblings: fc.array(fc.tuple(hashableSibling, hashableSibling), { maxLength: 3 }),
  }),
  fc.record({ kind: fc.constant('setElement' as const), siblings: fc.array(hashableSibling, { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('instanceField' as const), key: fc.constantFrom('x', 'y'), other: hashableSibling }),
  fc.record({ kind: fc.constant('errorField' as const), key: errorFieldKey }),
  fc.constant({ kind: 'hashKeyHook' as const }),
  fc.constant({ kind: 'registeredClass' as const }),
);

/** How a Map key or Set element is named in a path. */
function describeEntry(entry: unknown): string {
  if (typeof entry === 'string') return JSON.stringify(entry);
  if (typeof entry === 'number' || typeof entry === 'boolean' || typeof entry === 'bigint') return String(entry);
  return `of type ${entry === null ? 'null' : typeof entry}`;
}

function keySegment(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** Puts `inner` inside a new container; returns the container and the path segments that lead to `inner`. */
function wrap(inner: unknown, how: Wrapper): { value: unknown; segments: string[] } {
  switch (how.kind) {
    case 'objectKey':
      return {
        value: Object.fromEntries([
          ...Object.entries(how.siblings).filter(([key]) => key !== how.key),
          [how.key, inner],
        ]),
        segments: [keySegment(how.key)],
      };
    case 'arrayIndex': {
      const array = how.siblings.slice();
      const index = Math.min(how.index, array.length);
      array.splice(index, 0, inner);
      return { value: array, segments: [`[${index}]`] };
    }
    case 'mapValue':
      return {
        value: new Map([...how.siblings.filter(([key]) => key !== how.key), [how.key, inner]]),
        segments: [`<Map value at ${describeEntry(how.key)}>`],
      };
    case 'mapKey':
      return { value: new Map([...how.siblings, [inner, 'value']]), segments: [`<Map key ${describeEntry(inner)}>`] };
    case 'setElement':
      return { value: new Set([...how.siblings, inner]), segments: [`<Set element ${describeEntry(inner)}>`] };
    case 'instanceField': {
      const point = how.key === 'x' ? new Point(inner, how.other) : new Point(how.other, inner);
      return { value: point, segments: [`.${how.key}`] };
    }
    case 'errorField': {
      const error = new Error('boom');
      define(error, how.key, inner);
      return { value: error, segments: [keySegment(how.key)] };
    }
    case 'hashKeyHook':
      return { value: { [hashKey]: () => inner }, segments: ['<stable form>'] };
    case 'registeredClass':
      return { value: new Envelope(inner), segments: ['<stable form>', '.inner'] };
  }
}

/**
 * The documented path format: the root label, then one segment per level; a path longer than 16 segments keeps
 * its first 12 and last 4 around a `<N more levels>` marker.
 */
function expectedPath(label: string, segments: readonly string[]): string {
  if (segments.length + 1 <= 16) return label + segments.join('');
  const skipped = segments.length - 15;
  return `${label}${segments.slice(0, 11).join('')}<${skipped} more levels>${segments.slice(-4).join('')}`;
}

describe('stableHash properties: unhashable values', () => {
  it('are refused with an UnhashableInputError naming the exact path where they sit', () => {
    fc.assert(
      fc.property(
        unhashable,
        fc.array(wrapper, { maxLength: 24, size: 'max' }),
        fc.constantFrom('value', 'args[0]', 'input'),
        (bad, wrappers, label) => {
          let value: unknown = bad.value;
          let segments: string[] = [];
          for (const how of [...wrappers].reverse()) {
            const wrapped = wrap(value, how);
            value = wrapped.value;
            segments = [...wrapped.segments, ...segments];
          }
          const path = expectedPath(label, segments);

          const error = thrownBy(() => stableHash(value, label));
          expect(error).toBeInstanceOf(UnhashableInputError);
          expect((error as UnhashableInputError).path).toBe(path);
          expect((error as UnhashableInputError).reason).not.toBe('');
          expect((error as Error).message).toContain(path);
          // A failed encoding must leave nothing behind in the pooled writers.
          expect(stableHash(PROBE)).toBe(PROBE_KEY);
        },
      ),
      { numRuns: 300 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// 5. Hooks
// ---------------------------------------------------------------------------------------------------------------

describe('stableHash properties: registerHasher and [hashKey]()', () => {
  const currency = fc.constantFrom('EUR', 'USD', 'eur', '');
  const cents = fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n });

  it('a registered class hashes by its stable form only: equal forms ⇔ equal keys', () => {
    fc.assert(
      fc.property(currency, cents, currency, cents, (c1, n1, c2, n2) => {
        const first = new Money(c1, n1);
        const second = new Money(c2, n2);
        expect(stableHash(first) === stableHash(second)).toBe(c1 === c2 && n1 === n2);
        expect(stableHash({ price: first })).toBe(stableHash({ price: new Money(c1, n1) }));
        expect(stableHash(first)).not.toBe(stableHash([c1, n1]));
      }),
      { numRuns: 200 },
    );
  });

  it('a [hashKey]() object hashes by what it returns, not by its (unhashable) fields', () => {
    fc.assert(
      fc.property(hashable, hashable, shuffleChoices, (a, b, choices) => {
        const snapshot = new Snapshot(a);
        expect(stableHash(snapshot)).toBe(stableHash(new Snapshot(rebuild(a, shuffled(choices)))));
        expect(stableHash(snapshot) === stableHash(new Snapshot(b))).toBe(structurallyEqual(a, b));
        expect(stableHash(snapshot)).not.toBe(stableHash(a));
      }),
      { numRuns: 150 },
    );
  });
});
