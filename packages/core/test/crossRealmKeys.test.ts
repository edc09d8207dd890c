/**
 * Keys of values made in another JavaScript realm. jest runs this file in a `vm` context, so the test's own
 * `new Date()` is one realm (jest's), `vm.runInNewContext` makes values of a second one, and Node's own realm
 * (outside jest) is a third: `fs.statSync(file).mtime` and `vm.runInThisContext` values come from there.
 * An equal value must have the same key whichever realm made it, and unequal values different keys.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import {
  CachePolicy,
  DEFAULT,
  INPUTS,
  stableHash,
  type TaskInfo,
  type TaskRunContext,
  taskInputHash,
  UnhashableInputError,
} from '../src';
import { policyKey } from '../src/keys/policyKey';

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

  it('feeds a string part the bytes of any other part: its name, then the value with its tag', () => {
    class Tenant extends CachePolicy {
      readonly name = 'tenant';
      keyPart(): string {
        return 'acme-é';
      }
    }
    const lengthPrefixed = (text: string) => {
      const bytes = Buffer.from(text, 'utf8');
      const length = Buffer.alloc(4);
      length.writeUInt32LE(bytes.length);
      return Buffer.concat([length, bytes]);
    };
    const expected = createHash('sha256')
      .update(lengthPrefixed('flowcache/policy/v2'))
      .update(lengthPrefixed('tenant'))
      .update(Buffer.from([8])) // the string tag
      .update(lengthPrefixed('acme-é'))
      .digest('hex');
    const context = {} as TaskRunContext;
    // The first call encodes the part, the next ones copy the bytes remembered: the same key each time.
    expect([policyKey(new Tenant(), context, []), policyKey(new Tenant(), context, [])]).toEqual([expected, expected]);
  });

  it('keys arguments that refer back to themselves, or have holes, as it always did (INPUTS)', () => {
    const task = { name: 'R.load', className: 'R', methodName: 'load', source: 'x', parameterNames: ['a', 'b'] };
    const context = { task, taskRun: { id: 't' }, flowRun: { id: 'f' } } as unknown as TaskRunContext;
    const node: Record<string, unknown> = { name: 'n' };
    node.self = node;
    node.list = [node, { back: node }];
    // biome-ignore lint/suspicious/noSparseArray: a hole is the input under test
    expect(policyKey(INPUTS, context, [node, [1, , 3]])).toBe(
      '4d5da9f47e9b4b670f595ee078258a66150ee1286d955924a1eb5b8ed052d579',
    );
    expect(() => policyKey(INPUTS, context, [1, { f() {} }])).toThrow(
      expect.objectContaining({ path: 'args[1].f' }) as Error,
    );
  });

  it('keeps the keys of a default-policy call and of a taskInputHash call (stored keys stay valid)', () => {
    const task: TaskInfo = {
      name: 'Reports.loadSales',
      className: 'Reports',
      methodName: 'loadSales',
      source: 'async loadSales(day, query) { return []; }',
      version: undefined,
      parameterNames: ['day', 'query'],
    };
    const flowRun = {
      id: '5f0c2a9e-41d7-8b3c-9e2f-000000000007',
      name: 'Reports.nightly',
      parameters: { day: '2026-11-26' },
      parent: undefined,
      startedAt: new Date(0),
    };
    const context: TaskRunContext = {
      task,
      taskRun: { id: '5f0c2a9e-41d7-8b3c-9e2f-000000000008', task, flowRun, parent: undefined },
      flowRun,
      now: new Date(0),
    };
    const query = { id: 7, tags: ['eu', 'retail'], regions: new Map([['eu', new Set(['de', 'fr'])]]) };
    expect({
      defaultPolicy: policyKey(DEFAULT, context, ['2026-11-26', query]),
      taskInputHash: taskInputHash(context, ['2026-11-26', query]),
    }).toEqual({
      defaultPolicy: '88cf709a6f515d327d70a9b5377937739cdb522f8fd0ba9b66db1994e2a90dcd',
      taskInputHash: 'f6c754ecbcac82b324b4fa96c478e51b79804525fa23ff57c1df9b6ea230e1b5',
    });
  });
});

class Point {
  constructor(
    public x: unknown,
    public y: unknown,
  ) {}
}

/**
 * Values and their digests in key format 2 (KEY_FORMAT_VERSION): a stored key must never change, unless the
 * format version goes up. Format 2 starts every stableHash with its name and version and writes a Map's or Set's
 * entries in byte order instead of their sorted digests; every other value's encoding is the same as in format 1
 * (which these digests had before brands were read).
 */
const STORED_KEYS: Array<[string, () => unknown, string]> = [
  [
    'a plain object',
    () => ({ b: [1, 'two', 3n, true, null, undefined], a: { nested: -0 } }),
    '0fdcbae717e5c5c52278ee1d2fd45f442cd3d26c11e55a3576229662e3b902da',
  ],
  [
    'a null-prototype object',
    () => Object.assign(Object.create(null), { a: 1 }),
    'd8c7ba388e307b5567925dd934337fb330a9ca2e340f43092ebf3ac59270e17f',
  ],
  [
    'a sparse array',
    // biome-ignore lint/suspicious/noSparseArray: holes are the input under test
    () => [1, , NaN],
    '0448954610db34287c5276342e6f01c30b1893f3e7df0e9ba3c9b8fe6d04fb6e',
  ],
  ['a class instance', () => new Point(1, 'y'), 'fd93919b1a33dd8d9f88a13d2578b22d20518fa15e60a73e064b5b9d4ba3db3f'],
  [
    'a Map',
    () =>
      new Map<unknown, unknown>([
        ['a', 1],
        [2, { b: 3 }],
      ]),
    '364132ca013afee7e232d66161ab130949dca8c394dca68ae9cb1483f4cf2a62',
  ],
  ['a Set', () => new Set([1, 'a', 2n]), 'dbd5e293254e8dea25644ffa7d5208e6e1f22b85d81c166b866537ab0d566e4e'],
  [
    'a Date',
    () => new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6)),
    '86ec896e1d6b87d9290ed27aea0f70a1d3cfae80ead2689dfcf105fc0bf1502e',
  ],
  ['an invalid Date', () => new Date(NaN), '53594921e6caa69a98947b714a3c2384609b7bf072ce107f17a798c1ccdc96a3'],
  ['a RegExp', () => /a+b/gi, 'ca973626b9ef9580ea165ab1cb081b5f250e54dd0d9633d8c458672723d98a75'],
  [
    'a URL',
    () => new URL('https://example.com/a?b=1#c'),
    '03464722ee9b7c29efc5dd6f84702b4827d6deaced9d2223f4dee0f7ff116d8e',
  ],
  ['an Error', () => new Error('boom'), '3ba38b1ccd4273014f5b198f18610c40c9c31d3c6757103961bca4991a66d7a5'],
  [
    'a TypeError with a cause and a code',
    () => Object.assign(new TypeError('bad', { cause: 'x' }), { code: 'E1' }),
    '5513001baf4f652178290a89f4f0cf6b0b29fcc898ac82c9dace36c84c3bf4b0',
  ],
  ['an Error subclass', () => new NotFound('gone'), 'b6f4bb0ed8a0f1049c9723493e3cc61d6684554d9c3b68ed5627d6d586ac3f85'],
  ['a boxed string', () => new String('s'), 'be291fc37d1129bb1842812282a8eed537a3c670a1dd21fbed262fde50661c0b'],
  ['a boxed number', () => new Number(1.5), '2214732132ef9e2de9cac4e8bef96d6283d3e551bf59a0e493c0b117c27b7142'],
  ['a boxed boolean', () => new Boolean(true), 'ffa4039281b49b7f0769574f43492152a43a3a0927db6636d470b1fae775332f'],
  ['a boxed bigint', () => Object(5n), 'fe4cc8cbdfb34e5e33d8315f7fa6f39d2571fa609396747e85b7bac7f237e57f'],
  ['a Buffer', () => Buffer.from('abc'), '524c2c2dd441952b7def4c220c4f1b457524bf92a80af739b70b55068fec230d'],
  ['a Uint8Array', () => new Uint8Array([1, 2, 3]), '054b62ef0707b1ef8114824b6a676ba8e3e2b0a622bf0d3a70622bbc416cf718'],
  [
    'a Uint8ClampedArray',
    () => new Uint8ClampedArray([1, 2, 3]),
    '3a44d875ec31762297e6f9cb21d3b7e332739e7369ba49f501c256117db2c051',
  ],
  ['an Int8Array', () => new Int8Array([-1, 2]), 'f299a673fbcc820f735a0172004a7289853798922a38c960eccd197c795b1584'],
  ['a Uint16Array', () => new Uint16Array([1, 2]), 'c7523231f40511131562f8f067adb6a7fa72174e7dc27015484b4a1babf14673'],
  ['an Int16Array', () => new Int16Array([-1, 2]), 'a56d762b6cd3e39ac6a26a2fbf47675eaa1072c3d27e61f988b4b242dab57df2'],
  ['a Uint32Array', () => new Uint32Array([1, 2]), 'e790a2b02672cada432dc5d89fc3588bf4382cec7eba75256c78e239809d992d'],
  ['an Int32Array', () => new Int32Array([-1, 2]), 'a695c8795e8ab37a59983ddca3329c9360e814c6dbf1ec64eb6b23a7df94bd98'],
  ['a Float32Array', () => new Float32Array([1.5]), 'e5d3cd28d8cbc9b1090924f89d58ee3250fc9c83e1b27af8e87071986ce71339'],
  ['a Float64Array', () => new Float64Array([1.5]), '728b715157fadc64a7fb1d1bcc609b5f48c8163812a88769eecbf5bebbbba1fa'],
  [
    'a BigInt64Array',
    () => new BigInt64Array([-1n]),
    'd6e8ec1ea701780a60f54c748dd101c101db072dfc2b968d321426baf10d2239',
  ],
  [
    'a BigUint64Array',
    () => new BigUint64Array([1n]),
    '089361f3a41d43971b2f2c1d8f13d42e196866450e8c0521432ce1f06b3f7f57',
  ],
  [
    'a DataView',
    () => new DataView(new Uint8Array([1, 2, 3, 4]).buffer, 1, 2),
    'c9aed08d4f60e9163c6d4221a6a3d8dcbc33b6ed218f6e60e26926fb34bf8bc6',
  ],
  [
    'an ArrayBuffer',
    () => new Uint8Array([1, 2]).buffer,
    'ee380b77e3db5402b702465dc640a47512164f795ed6d614096c9fd969dcd0dc',
  ],
  [
    'a SharedArrayBuffer',
    () => {
      const shared = new SharedArrayBuffer(2);
      new Uint8Array(shared).set([1, 2]);
      return shared;
    },
    'a940abcccfa503c177e6669f419d9344f237cead82b3b36d8ea67fb116c65059',
  ],
  // Properties that are deliberately not part of a key, and shapes next to those that now are: unchanged.
  [
    'an array with a named property',
    () => Object.assign([1, 2], { source: 'orders' }),
    '0c232d08e6c082fd7ec3b029e61d13c582bc35646f5a1e24894ee7a711dd6596',
  ],
  [
    'a Buffer with a named property',
    () => Object.assign(Buffer.from('abc'), { source: 'orders' }),
    '524c2c2dd441952b7def4c220c4f1b457524bf92a80af739b70b55068fec230d',
  ],
  [
    'a Float64Array with a named property',
    () => Object.assign(new Float64Array([1.5]), { unit: 'kg' }),
    '728b715157fadc64a7fb1d1bcc609b5f48c8163812a88769eecbf5bebbbba1fa',
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
    '86ec896e1d6b87d9290ed27aea0f70a1d3cfae80ead2689dfcf105fc0bf1502e',
  ],
  [
    'a RegExp whose global search ended',
    () => {
      const regexp = /a+b/gi;
      regexp.exec('ab');
      regexp.exec('ab');
      return regexp;
    },
    'ca973626b9ef9580ea165ab1cb081b5f250e54dd0d9633d8c458672723d98a75',
  ],
  [
    'an Error with an enumerable errors property',
    () => Object.assign(new Error('x'), { errors: [1] }),
    '7d85a0b5ff9dffb65fdc2cadcf2246a9541e767590271d04bfef6ef9cae13be0',
  ],
  [
    'an Error with a cause of null',
    () => new Error('x', { cause: null }),
    'a6ca255c8fe4bb7db2fa4fa90a389edcf99a1b21ddf39787f434a083419181e5',
  ],
  [
    'a longer String object',
    () => new String('abc'),
    '4aac71e6b079f97cd507d0076a2c12ec30375fb147b447cec0f21d395801633e',
  ],
  // Format 2: a Map's or Set's entries in byte order, a long entry as its digest, whatever the insertion order.
  [
    'a Map whose entries were added in another order',
    () =>
      new Map<unknown, unknown>([
        [2, { b: 3 }],
        ['a', 1],
      ]),
    '364132ca013afee7e232d66161ab130949dca8c394dca68ae9cb1483f4cf2a62',
  ],
  [
    'a Set of a Set and a Map',
    () => new Set<unknown>([new Map([['k', new Date(0)]]), new Set(['y', 'x'])]),
    '98ff880bcf3d85bb4cb86cc97f846085df13c831c95d7a4e165a039374709611',
  ],
  [
    'a Set of a Map and a Set, added in another order',
    () => new Set<unknown>([new Set(['x', 'y']), new Map([['k', new Date(0)]])]),
    '98ff880bcf3d85bb4cb86cc97f846085df13c831c95d7a4e165a039374709611',
  ],
  [
    'a Set of two objects with the same fields',
    () => new Set([{ a: 1 }, { a: 1 }]),
    'f6e0a0e47efc4f1980205663c1e4fc245d14b0a8b9cb35f9987a5338eac9bcea',
  ],
  [
    'a Map with an entry too long to sort by its bytes',
    () =>
      new Map<string, unknown>([
        ['long', 'x'.repeat(300)],
        ['short', 1],
      ]),
    'c7f6e7c44d490b7ff3962f7a815cba1db337cbebe7d67641e655c81c92e61e6d',
  ],
  [
    'a Map with an entry too long to sort by its bytes, added in another order',
    () =>
      new Map<string, unknown>([
        ['short', 1],
        ['long', 'x'.repeat(300)],
      ]),
    'c7f6e7c44d490b7ff3962f7a815cba1db337cbebe7d67641e655c81c92e61e6d',
  ],
];
