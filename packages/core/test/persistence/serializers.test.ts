import {
  compressed,
  findSerializer,
  jsonSerializer,
  registerSerializer,
  SerializationError,
  v8Serializer,
  type Serializer,
} from '../../src';

const roundTrip = (serializer: Serializer, value: unknown) => serializer.deserialize(serializer.serialize(value));

const sample = {
  text: 'héllo',
  count: 3,
  negativeZero: -0,
  special: [NaN, Infinity, -Infinity],
  nothing: null,
  missing: undefined,
  big: 12345678901234567890n,
  when: new Date('2026-11-26T12:00:00.000Z'),
  lookup: new Map<unknown, unknown>([
    ['a', 1],
    [2, { nested: true }],
  ]),
  tags: new Set(['x', 'y']),
  buffer: Buffer.from([0, 1, 255]),
  floats: new Float64Array([1.5, -2.25]),
  ints: new Int32Array([-1, 7]),
  bigints: new BigUint64Array([1n, 2n ** 63n]),
  raw: new Uint8Array([9, 8]).buffer,
  pattern: /a+b/gi,
  link: new URL('https://example.com/a?b=c'),
  // biome-ignore lint/suspicious/noSparseArray: holes are the input under test
  holes: [1, , 3],
  dollars: { $date: 'not a date', $plain: 1 },
};

describe('the JSON serializer (default)', () => {
  it('round-trips JSON values plus the built-in types flowcache documents', () => {
    const back = roundTrip(jsonSerializer, sample) as typeof sample;
    expect(back).toEqual(sample);
    expect(Object.is(back.negativeZero, -0)).toBe(true);
    expect('missing' in back).toBe(true);
    expect(1 in back.holes).toBe(false);
    expect(Buffer.isBuffer(back.buffer)).toBe(true);
    expect(back.floats).toBeInstanceOf(Float64Array);
    expect(back.dollars).toEqual({ $date: 'not a date', $plain: 1 });
    expect(Number.isNaN((roundTrip(jsonSerializer, new Date(NaN)) as Date).getTime())).toBe(true);
  });

  it('round-trips top-level undefined and errors; refuses values that only a toJSON() could write', () => {
    expect(roundTrip(jsonSerializer, undefined)).toBeUndefined();
    const error = roundTrip(jsonSerializer, new RangeError('too far')) as Error;
    expect(error).toBeInstanceOf(RangeError);
    expect([error.name, error.message]).toEqual(['RangeError', 'too far']);
    class Money {
      constructor(readonly cents: number) {}
      toJSON() {
        return { cents: this.cents, currency: 'EUR' };
      }
    }
    // Its toJSON() form would come back, not a Money: the caller returns that form if it is what it wants.
    expect(() => jsonSerializer.serialize([new Money(5)])).toThrow(expect.objectContaining({ path: 'result[0]' }));
    expect(roundTrip(jsonSerializer, [new Money(5).toJSON()])).toEqual([{ cents: 5, currency: 'EUR' }]);
  });

  it.each([
    ['a function', { report: { render: () => 'x' } }, 'result.report.render'],
    ['a class instance without toJSON', { rows: [new (class Row {})()] }, 'result.rows[0]'],
    ['a symbol', [Symbol('s')], 'result[0]'],
    ['a promise', { pending: Promise.resolve(1) }, 'result.pending'],
    ['a value in a Map', new Map([['k', () => 1]]), 'result<Map value 0>'],
  ])('refuses %s with a SerializationError naming the path', (_label, value, path) => {
    expect(() => jsonSerializer.serialize(value)).toThrow(SerializationError);
    expect(() => jsonSerializer.serialize(value)).toThrow(expect.objectContaining({ path }));
  });

  it('refuses cycles, which JSON cannot express', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => jsonSerializer.serialize(cyclic)).toThrow(/result\.self: it contains a cycle/);
  });

  it('never lets a record set a prototype or run code', () => {
    const hostile = Buffer.from('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}');
    const value = jsonSerializer.deserialize(hostile) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'constructor']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(() => jsonSerializer.deserialize(Buffer.from('{"$function":"return 1"}'))).toThrow(/unknown tag \$function/);
  });
});

describe('the v8 serializer and compression', () => {
  it('round-trip values, cycles included for v8, and record the Node version', () => {
    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic.self = cyclic;
    const back = roundTrip(v8Serializer, cyclic) as Record<string, unknown>;
    expect(back.self).toBe(back);
    expect(v8Serializer.describe?.()).toEqual({ nodeVersion: process.version });
  });

  it.each(['gzip', 'brotli'] as const)('%s wraps any serializer and shrinks repetitive data', (compression) => {
    const serializer = compressed(jsonSerializer, compression);
    const rows = Array.from({ length: 500 }, (_unused, id) => ({ id, region: 'north', amount: 10 }));
    expect(serializer.id).toBe(`${compression}+json/v1`);
    expect(roundTrip(serializer, rows)).toEqual(rows);
    expect(serializer.serialize(rows).byteLength).toBeLessThan(jsonSerializer.serialize(rows).byteLength / 5);
  });

  it('are found by id, compression included; custom ones after registering', () => {
    expect(findSerializer('json')).toBe(jsonSerializer);
    expect(findSerializer('v8')).toBe(v8Serializer);
    expect(findSerializer('brotli+v8')?.id).toBe('brotli+v8');
    expect(findSerializer('zip+json')).toBeUndefined();
    expect(findSerializer('custom/v1')).toBeUndefined();
    const custom: Serializer = {
      id: 'custom/v1',
      serialize: (value) => Buffer.from(String(value)),
      deserialize: (bytes) => Buffer.from(bytes).toString(),
    };
    registerSerializer(custom);
    expect(findSerializer('gzip+custom/v1')?.id).toBe('gzip+custom/v1');
    expect(() => registerSerializer({ ...custom, id: 'a+b' })).toThrow(/must not contain "\+"/);
  });
});
