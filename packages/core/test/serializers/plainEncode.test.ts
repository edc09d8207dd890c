/**
 * Plain JSON data (rows of strings, numbers, booleans, null, plain objects and arrays) is written by one
 * `JSON.stringify` of the value itself, without building a tagged copy first; what is written, and every value
 * refused with its message, stays exactly what the tagged path writes or refuses.
 */
import fc from 'fast-check';
import { jsonSerializer } from '../../src';
import { toTagged } from '../../src/serializers/jsonEncode';
import { hashable, jsonLike } from '../support/valueGenerators';

/** What the tagged path makes of a value: its bytes, or the message it refuses it with. */
function tagged(value: unknown): string {
  try {
    return `bytes ${JSON.stringify(toTagged(value))}`;
  } catch (error) {
    return `refused ${(error as Error).message}`;
  }
}

const text = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');

function written(value: unknown): string {
  try {
    return `bytes ${text(jsonSerializer.serialize(value))}`;
  } catch (error) {
    return `refused ${(error as Error).message}`;
  }
}

afterEach(() => {
  jest.restoreAllMocks();
});

const rows = [
  { id: 1, name: 'Ada', amount: 12.5, region: 'eu', active: true, note: null, tags: ['a', 'b'] },
  { id: 2, name: 'Grace é \u2028', amount: -7, region: 'us', active: false, note: 'vip', tags: [] },
];

describe('the json serializer writing plain JSON data', () => {
  it('stringifies the value itself, once, not a copy of it', () => {
    const stringify = jest.spyOn(JSON, 'stringify');

    const bytes = jsonSerializer.serialize(rows);

    expect(stringify).toHaveBeenCalledTimes(1);
    expect(stringify.mock.calls[0][0]).toBe(rows);
    expect(text(bytes)).toBe(tagged(rows).slice('bytes '.length));
  });

  it('writes anything JSON would change or drop through its tagged copy, as before', () => {
    const withHole: unknown[] = [1];
    withHole[2] = 3;
    const named = Object.assign([1, 2], { total: 3 });
    const holeAndNamed: unknown[] = Object.assign([1], { total: 3 });
    holeAndNamed[2] = 3;
    const cases: unknown[] = [
      { at: new Date(0) },
      [-0],
      { ratio: NaN },
      [Infinity],
      { missing: undefined },
      withHole,
      { $price: 5 },
      Object.assign(Object.create(null), { a: 1 }),
      { big: 1n },
      undefined,
    ];
    for (const value of cases) {
      const stringify = jest.spyOn(JSON, 'stringify');

      expect(written(value)).toBe(tagged(value));
      expect(stringify.mock.calls[0]?.[0]).not.toBe(value);
      stringify.mockRestore();
    }
    for (const value of [named, holeAndNamed]) {
      expect(written(value)).toMatch(/^refused .*an array would come back without its own property "total"/);
    }
  });

  it('never runs a getter, a toJSON or a Proxy trap twice to decide, and refuses them as before', () => {
    const getter = jest.fn(() => 1);
    const withGetter = Object.defineProperty({ a: 1 }, 'b', { get: getter, enumerable: true });
    const withToJson = { a: 1, toJSON: () => 'planted' };
    const hidden = Object.defineProperty({ a: 1 }, 'secret', { value: 2, enumerable: false });
    const symbolKeyed = { a: 1, [Symbol('id')]: 2 };
    const symbolKeyedArray = Object.assign([1], { [Symbol('id')]: 2 });
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = [cyclic];

    for (const value of [withGetter, withToJson, hidden, symbolKeyed, symbolKeyedArray, cyclic]) {
      expect(written(value)).toMatch(/^refused /);
      expect(written(value)).toBe(tagged(value));
    }
    expect(getter).not.toHaveBeenCalled();
  });

  it('reads an array element that is a getter once, as the tagged path does', () => {
    const read = jest.fn(() => ({ id: 1 }));
    const list = Object.defineProperty([0, 0], 1, { get: read, enumerable: true });

    expect(text(jsonSerializer.serialize(list))).toBe('[0,{"id":1}]');
    expect(read).toHaveBeenCalledTimes(1);
  });

  it('writes a Proxy of plain data through its tagged copy: its traps decide what is written, once', () => {
    const ownKeys = jest.fn((target: object) => Reflect.ownKeys(target));
    const proxy = new Proxy({ a: 1, b: [2] }, { ownKeys });

    expect(text(jsonSerializer.serialize(proxy))).toBe('{"a":1,"b":[2]}');
    expect(ownKeys).toHaveBeenCalledTimes(1);
  });

  it('writes through the tagged copy while a toJSON is planted on Object.prototype or Array.prototype', () => {
    for (const prototype of [Object.prototype, Array.prototype]) {
      const planted = jest.fn(() => 'planted');
      Object.defineProperty(prototype, 'toJSON', { value: planted, configurable: true, writable: true });
      try {
        const stringify = jest.spyOn(JSON, 'stringify');
        jsonSerializer.serialize(rows);
        expect(stringify.mock.calls[0][0]).not.toBe(rows);
        stringify.mockRestore();
      } finally {
        delete (prototype as { toJSON?: unknown }).toJSON;
      }
    }
  });

  it('writes what the tagged path writes, or refuses with its message, for any value', () => {
    const dollarKeys = fc.dictionary(fc.constantFrom('$a', 'a$', '$', 'b', '__proto__', '0', 'toJSON'), jsonLike, {
      maxKeys: 3,
    });
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), jsonLike, dollarKeys, hashable), (value) => {
        expect(written(value)).toBe(tagged(value));
      }),
      { numRuns: 2000 },
    );
  });
});
