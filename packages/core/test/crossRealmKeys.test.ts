/**
 * Keys of values made in another JavaScript realm. jest runs this file in a `vm` context, so the test's own
 * `new Date()` is one realm (jest's), `vm.runInNewContext` makes values of a second one, and Node's own realm
 * (outside jest) is a third: `fs.statSync(file).mtime` and `vm.runInThisContext` values come from there.
 * An equal value must have the same key whichever realm made it, and unequal values different keys.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { stableHash, UnhashableInputError } from '../src';

/** Evaluates `source` in a fresh realm of its own. */
const inNewRealm = (source: string): unknown => vm.runInNewContext(source);
/** Evaluates `source` in Node's own realm, the one outside jest's context. */
const inNodeRealm = (source: string): unknown => vm.runInThisContext(source);

const same = (a: unknown, b: unknown) => expect(stableHash(a)).toBe(stableHash(b));
const different = (a: unknown, b: unknown) => expect(stableHash(a)).not.toBe(stableHash(b));

class NotFound extends Error {}

describe('stableHash of values from another realm', () => {
  it('makes sure the values really come from other realms', () => {
    expect(inNewRealm('new Date(5)')).not.toBeInstanceOf(Date);
    expect(inNodeRealm('new Date(5)')).not.toBeInstanceOf(Date);
    expect(Object.getPrototypeOf(inNewRealm('({})'))).not.toBe(Object.prototype);
  });

  // [kind, this realm's value, the same value's source for another realm, an unequal value's source]
  it.each<[string, unknown, string, string]>([
    ['Date', new Date(5), 'new Date(5)', 'new Date(6)'],
    ['invalid Date', new Date(NaN), 'new Date(NaN)', 'new Date(0)'],
    [
      'Map',
      new Map<unknown, unknown>([
        ['a', 1],
        [2, 'b'],
      ]),
      'new Map([[2, "b"], ["a", 1]])',
      'new Map([["a", 2], [2, "b"]])',
    ],
    ['Set', new Set([1, 'a']), 'new Set(["a", 1])', 'new Set([1, "b"])'],
    ['RegExp', /a+/gi, '/a+/ig', '/a+/g'],
    ['Error', new Error('boom'), 'new Error("boom")', 'new Error("bang")'],
    ['TypeError', new TypeError('bad'), 'new TypeError("bad")', 'new RangeError("bad")'],
    [
      'Error with a cause',
      new Error('x', { cause: 1 }),
      'new Error("x", { cause: 1 })',
      'new Error("x", { cause: 2 })',
    ],
    [
      'Error with own fields',
      Object.assign(new Error('x'), { code: 'E1' }),
      'Object.assign(new Error("x"), { code: "E1" })',
      'Object.assign(new Error("x"), { code: "E2" })',
    ],
    ['Error subclass', new NotFound('gone'), 'new (class NotFound extends Error {})("gone")', 'new Error("gone")'],
    ['Object.create(Error.prototype)', Object.create(Error.prototype), 'Object.create(Error.prototype)', '({})'],
    ['boxed string', new String('s'), 'new String("s")', 'new String("t")'],
    ['boxed number', new Number(1), 'new Number(1)', 'new Number(2)'],
    ['boxed boolean', new Boolean(true), 'new Boolean(true)', 'new Boolean(false)'],
    ['boxed bigint', Object(1n), 'Object(1n)', 'Object(2n)'],
    ['plain object', { a: 1, b: [2] }, '({ b: [2], a: 1 })', '({ a: 1, b: [3] })'],
    [
      'null-prototype object',
      Object.assign(Object.create(null), { a: 1 }),
      'Object.assign(Object.create(null), { a: 1 })',
      '({ a: 2 })',
    ],
    ['array', [1, 'a', [2]], '[1, "a", [2]]', '[1, "a", [3]]'],
    [
      'class instance',
      new (class Point {
        x = 1;
      })(),
      'new (class Point { x = 1 })()',
      'new (class Pair { x = 1 })()',
    ],
    ['ArrayBuffer', new Uint8Array([1, 2]).buffer, 'new Uint8Array([1, 2]).buffer', 'new Uint8Array([1, 3]).buffer'],
    [
      'SharedArrayBuffer',
      (() => {
        const shared = new SharedArrayBuffer(2);
        new Uint8Array(shared).set([1, 2]);
        return shared;
      })(),
      '(() => { const shared = new SharedArrayBuffer(2); new Uint8Array(shared).set([1, 2]); return shared; })()',
      'new Uint8Array([1, 2]).buffer',
    ],
    [
      'DataView',
      new DataView(new Uint8Array([1, 2, 3]).buffer, 1),
      'new DataView(new Uint8Array([1, 2, 3]).buffer, 1)',
      'new DataView(new Uint8Array([1, 2, 4]).buffer, 1)',
    ],
    [
      'AggregateError',
      new AggregateError([new Error('a')], 'm'),
      'new AggregateError([new Error("a")], "m")',
      'new AggregateError([new Error("b")], "m")',
    ],
    [
      'Error with a cause of undefined',
      new Error('x', { cause: undefined }),
      'new Error("x", { cause: undefined })',
      'new Error("x")',
    ],
    ['RegExp match result', 'abc'.match(/b/), '"abc".match(/b/)', '"xbz".match(/b/)'],
    [
      'RegExp match result with named groups and indices',
      'a1'.match(/(?<digit>\d)/d),
      '"a1".match(/(?<digit>\\d)/d)',
      '"b1".match(/(?<digit>\\d)/d)',
    ],
    [
      'Date with an own field',
      Object.assign(new Date(5), { zone: 'UTC' }),
      'Object.assign(new Date(5), { zone: "UTC" })',
      'Object.assign(new Date(5), { zone: "CET" })',
    ],
    [
      'Map with an own field',
      Object.assign(new Map([[1, 2]]), { unit: 'kg' }),
      'Object.assign(new Map([[1, 2]]), { unit: "kg" })',
      'new Map([[1, 2]])',
    ],
    [
      'RegExp part-way through a search',
      (() => {
        const regexp = /a/g;
        regexp.exec('aa');
        return regexp;
      })(),
      '(() => { const regexp = /a/g; regexp.exec("aa"); return regexp; })()',
      '/a/g',
    ],
    [
      'Number object with an own field',
      Object.assign(new Number(2), { unit: 'kg' }),
      'Object.assign(new Number(2), { unit: "kg" })',
      'Object.assign(new Number(2), { unit: "g" })',
    ],
    [
      'nested values',
      { at: new Date(1), tags: new Set([new Map([[1, /x/]])]) },
      '({ tags: new Set([new Map([[1, /x/]])]), at: new Date(1) })',
      '({ tags: new Set([new Map([[1, /y/]])]), at: new Date(1) })',
    ],
  ])('hashes a %s like one of this realm, and an unequal one differently', (_kind, here, sameThere, otherThere) => {
    for (const realm of [inNewRealm, inNodeRealm]) {
      same(realm(sameThere), here);
      different(realm(otherThere), here);
      different(realm(otherThere), realm(sameThere));
    }
  });

  it.each([
    'Int8Array',
    'Uint8Array',
    'Uint8ClampedArray',
    'Int16Array',
    'Uint16Array',
    'Int32Array',
    'Uint32Array',
    'Float32Array',
    'Float64Array',
    'BigInt64Array',
    'BigUint64Array',
  ])('hashes a %s like one of this realm, by its bytes and its type', (type) => {
    const bigint = type.startsWith('Big');
    const Type = (globalThis as unknown as Record<string, new (values: unknown[]) => ArrayBufferView>)[type];
    const here = new Type(bigint ? [1n, 2n] : [1, 2]);
    const values = bigint ? '[1n, 2n]' : '[1, 2]';
    const unequal = bigint ? '[1n, 3n]' : '[1, 3]';
    for (const realm of [inNewRealm, inNodeRealm]) {
      same(realm(`new ${type}(${values})`), here);
      different(realm(`new ${type}(${unequal})`), here);
      // The same bytes as another type are another value.
      const otherType = type === 'Uint8Array' ? 'Int8Array' : 'Uint8Array';
      different(realm(`new ${otherType}(new ${type}(${values}).buffer)`), here);
    }
  });

  it('hashes the modification time of a file (a Date of Node’s realm) like a Date of the same time', () => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'flowcache-realms-'));
    try {
      const file = path.join(directory, 'input.csv');
      fs.writeFileSync(file, 'a,b\n');
      fs.utimesSync(file, new Date(Date.UTC(2026, 0, 1)), new Date(Date.UTC(2026, 0, 1)));
      const before = fs.statSync(file).mtime;
      expect(before).not.toBeInstanceOf(Date);
      same(before, new Date(Date.UTC(2026, 0, 1)));
      fs.utimesSync(file, new Date(Date.UTC(2026, 0, 2)), new Date(Date.UTC(2026, 0, 2)));
      different(fs.statSync(file).mtime, before);
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  });

  it('reads the type of binary data from its brand, not from a constructor property that can be planted', () => {
    const bytes = new Uint8Array(new Float64Array([1.5]).buffer);
    Object.defineProperty(bytes, 'constructor', { value: Float64Array });
    different(bytes, new Float64Array([1.5]));
    same(bytes, new Uint8Array(new Float64Array([1.5]).buffer));
    // A Buffer keeps its own type: it has always been part of its key.
    different(Buffer.from([1]), new Uint8Array([1]));
  });

  it('tells apart Errors of Node’s realm that carry no error brand (DOMException) by name and message', () => {
    expect(new DOMException('a', 'AbortError')).not.toBeInstanceOf(Error);
    different(new DOMException('a', 'AbortError'), new DOMException('b', 'AbortError'));
    different(new DOMException('a', 'AbortError'), new DOMException('a', 'TimeoutError'));
    same(new DOMException('a', 'AbortError'), new DOMException('a', 'AbortError'));
  });

  it('still hashes a Proxy of a Map that forwards its methods (a reactive store’s) as that Map', () => {
    const target = new Map([['a', 1]]);
    const reactive = new Proxy(target, {
      get: (map, key) => {
        const member: unknown = Reflect.get(map, key, map);
        return typeof member === 'function' ? member.bind(map) : member;
      },
    });
    same(reactive, new Map([['a', 1]]));
    different(reactive, new Map([['a', 2]]));
  });

  it('tells apart URLSearchParams by their entries', () => {
    different(new URLSearchParams('a=1'), new URLSearchParams('a=2'));
    different(new URLSearchParams('a=1&b=2'), new URLSearchParams('b=2&a=1'));
    same(
      new URLSearchParams('a=1&b=2'),
      new URLSearchParams([
        ['a', '1'],
        ['b', '2'],
      ]),
    );
    different(new URLSearchParams('a=1'), 'a=1');
  });

  it.each<[string, string, RegExp]>([
    ['a Promise', 'Promise.resolve(1)', /a Promise has no value yet/],
    ['a WeakMap', 'new WeakMap()', /a WeakMap cannot be enumerated/],
    ['a WeakSet', 'new WeakSet()', /a WeakSet cannot be enumerated/],
    ['a WeakRef', 'new WeakRef({})', /a WeakRef cannot be enumerated/],
    ['a generator', '(function* generate() {})()', /a generator is consumed by reading it/],
  ])('refuses %s of another realm, naming its path', (_label, source, reason) => {
    for (const realm of [inNewRealm, inNodeRealm]) {
      const value = realm(source);
      let error: unknown;
      try {
        stableHash({ input: value });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(UnhashableInputError);
      expect((error as UnhashableInputError).path).toBe('value.input');
      expect((error as UnhashableInputError).reason).toMatch(reason);
    }
  });

  it('keeps the key of every value of this realm it hashed before (stored keys stay valid)', () => {
    const digests = Object.fromEntries(STORED_KEYS.map(([label, make]) => [label, stableHash(make())]));
    expect(digests).toEqual(Object.fromEntries(STORED_KEYS.map(([label, , digest]) => [label, digest])));
  });
});

class Point {
  constructor(
    public x: unknown,
    public y: unknown,
  ) {}
}

/** Values and the digests they had before brands were read; a stored key must never change. */
const STORED_KEYS: Array<[string, () => unknown, string]> = [
  [
    'a plain object',
    () => ({ b: [1, 'two', 3n, true, null, undefined], a: { nested: -0 } }),
    'ed3bab03124a2212fb9c59aea83f6f649675a5aaa8e2e6e3ab4f191cdf266204',
  ],
  [
    'a null-prototype object',
    () => Object.assign(Object.create(null), { a: 1 }),
    'fe2384c46fc570010a019fba8078b7310b6470bb95db7f8344a592e7fc7f14ba',
  ],
  [
    'a sparse array',
    // biome-ignore lint/suspicious/noSparseArray: holes are the input under test
    () => [1, , NaN],
    '4e4b554b97d1568890724b95565b8ad581dbed00bbdc7f20d5680eff275556ae',
  ],
  ['a class instance', () => new Point(1, 'y'), '381ff95a5bba845b297bcafd858fe99a234e17e306da9bd81949330d94be84bc'],
  [
    'a Map',
    () =>
      new Map<unknown, unknown>([
        ['a', 1],
        [2, { b: 3 }],
      ]),
    '7283420052327cab77fad8b2dea78944c8d0fbf8dcdd30454b330b1795001ddf',
  ],
  ['a Set', () => new Set([1, 'a', 2n]), 'add397aeee3ed34b782b4f41b6fcf8d9aafacaedc6598403f9a7c93b508ea5e8'],
  [
    'a Date',
    () => new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)),
    'a524e22187ee49ff9dc233819a12c48ee9cae844495506546a00ae8ff107e8d4',
  ],
  ['an invalid Date', () => new Date(NaN), '453c5964ad7110b8e05e51d31401d8eefb6193f3da330eb9446163c07833862a'],
  ['a RegExp', () => /a+b/gi, '122801f66f7d8f447a8fe99db37ddecc9d6967f64bc32123a6ac594ca3573997'],
  [
    'a URL',
    () => new URL('https://example.com/a?b=1#c'),
    'f3cc4191ee6667c9754094701a9f35fbb1bb5f4b251f1363f0a2ac2011963680',
  ],
  ['an Error', () => new Error('boom'), 'd471b76cc6e0956f82ac5052b87ea7791b5ab8cdc8fb3c396d1cc33565880e05'],
  [
    'a TypeError with a cause and a code',
    () => Object.assign(new TypeError('bad', { cause: 'x' }), { code: 'E1' }),
    '459c91db39623c1b3e924e12f035a6ba1108a7323d7692e59ca783448b359de2',
  ],
  ['an Error subclass', () => new NotFound('gone'), '6de7932892f0ddf8be368f7f63c9d5152545d94461ac644129f5f6704a86a911'],
  ['a boxed string', () => new String('s'), 'f8c4ccfae52ce24f6a52fb69964e939c917239822ce133d96f578a0dd78b576a'],
  ['a boxed number', () => new Number(1.5), '7deb44095c22f5b9c4c38d09fc9c1ffda22c762b56b9347cc9d92e7df97e61d7'],
  ['a boxed boolean', () => new Boolean(true), '907fc8ee5625eb4ce539e1552f9e50e7f39de017edd4e92149840df9ecf08aa3'],
  ['a boxed bigint', () => Object(5n), '5c226b47663104ea2675f47f76e06da2b81f8a31d48747e0bc8e3f54a77b2efc'],
  ['a Buffer', () => Buffer.from('abc'), 'f8389079a912bec972cb7f6164b69b5998ce98243ac5d7c70a609253144c59d3'],
  ['a Uint8Array', () => new Uint8Array([1, 2, 3]), 'ad763912f1c7ca6ef8d8bb5fc25c05207119e072eb0e63c0531f1c63a45f367f'],
  [
    'a Uint8ClampedArray',
    () => new Uint8ClampedArray([1, 2, 3]),
    'c936a5be04bb4c53ccce1fe2be9af258deee3dfb8ec76cedbe4cbd9126795d09',
  ],
  ['an Int8Array', () => new Int8Array([-1, 2]), '346d7c3f86f846e8602f2e4f1a8a6b54e15b29d8f0710e670a278d9c98d39ccf'],
  ['a Uint16Array', () => new Uint16Array([1, 2]), '36a6b227441cd6a0aa79cf319e5248293c53d1d4cb9ce6a5698116e78e370330'],
  ['an Int16Array', () => new Int16Array([-1, 2]), '55e980930f0cb50f5953891b40c6b7e4482cc3ef839786587c6b644f81244e48'],
  ['a Uint32Array', () => new Uint32Array([1, 2]), 'd59c47f5de38da6bd0be795c96eba7319a838eecf7297378adce0c9ccf08cb60'],
  ['an Int32Array', () => new Int32Array([-1, 2]), '0e60ea837a526d6c1a976cddc1284d1b8fb248fb53ca6d11c46e979df2b9930c'],
  ['a Float32Array', () => new Float32Array([1.5]), '43e08b77d8a043ce12ece05afefe4cc10f3b8f0b0e537320677ec010bd944b17'],
  ['a Float64Array', () => new Float64Array([1.5]), '381bef56b0b35de84a9463e0b7ba04c14934ba25c9f44f8b9f7983bf59775785'],
  [
    'a BigInt64Array',
    () => new BigInt64Array([-1n]),
    '743a0540285b4d0b5400164b1855dc29ffefd58eb5b500b1a08358b45075e970',
  ],
  [
    'a BigUint64Array',
    () => new BigUint64Array([1n]),
    '28df64d7ad86bdcc4f5ffc96a6471aba28f10dd25b314a2ab7984216504ed882',
  ],
  [
    'a DataView',
    () => new DataView(new Uint8Array([1, 2, 3, 4]).buffer, 1, 2),
    '5cad5f804cd39a16d75b7dd0d5f0b17d2fd4989ec7d7ff3020dc3ad0ed9d3d0f',
  ],
  [
    'an ArrayBuffer',
    () => new Uint8Array([1, 2]).buffer,
    'e8ec7f951d95e579d78f56b985ba4a8278a0c776398b07fc1ed3eaa6e4ac04fe',
  ],
  [
    'a SharedArrayBuffer',
    () => {
      const shared = new SharedArrayBuffer(2);
      new Uint8Array(shared).set([1, 2]);
      return shared;
    },
    'e0338e346c675c8d1adc5f2568a09f90908982ee4a983edd024766627668b80f',
  ],
  // Properties that are deliberately not part of a key, and shapes next to those that now are: unchanged.
  [
    'an array with a named property',
    () => Object.assign([1, 2], { source: 'orders' }),
    '1835625c491e1741c585e8dc5f3e709b2e8c7c9287392f297c886a99f5743b36',
  ],
  [
    'a Buffer with a named property',
    () => Object.assign(Buffer.from('abc'), { source: 'orders' }),
    'f8389079a912bec972cb7f6164b69b5998ce98243ac5d7c70a609253144c59d3',
  ],
  [
    'a Float64Array with a named property',
    () => Object.assign(new Float64Array([1.5]), { unit: 'kg' }),
    '381bef56b0b35de84a9463e0b7ba04c14934ba25c9f44f8b9f7983bf59775785',
  ],
  [
    'a Date with a symbol-keyed and a non-enumerable property',
    () =>
      Object.defineProperty(
        Object.assign(new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)), { [Symbol('note')]: 1 }),
        'note',
        {
          value: 1,
        },
      ),
    'a524e22187ee49ff9dc233819a12c48ee9cae844495506546a00ae8ff107e8d4',
  ],
  [
    'a RegExp whose global search ended',
    () => {
      const regexp = /a+b/gi;
      regexp.exec('ab');
      regexp.exec('ab');
      return regexp;
    },
    '122801f66f7d8f447a8fe99db37ddecc9d6967f64bc32123a6ac594ca3573997',
  ],
  [
    'an Error with an enumerable errors property',
    () => Object.assign(new Error('x'), { errors: [1] }),
    '7001d2b48a08842155d23bf6c8d1625fd388f3e13172f963cf7eeabe8f972205',
  ],
  [
    'an Error with a cause of null',
    () => new Error('x', { cause: null }),
    '9cbd872395aca9c35a46efd2bb7a79c1b88537fdd2a734c640197660d24f0367',
  ],
  [
    'a longer String object',
    () => new String('abc'),
    '6936cf55ae855d86b45244b3cdd8ce85dc67f1c6c403dd7f6d433ac389fa1544',
  ],
];
