/**
 * Every type the core README's table "What each serializer brings back" lists, for `json/v1` and `v8`: the value
 * read back is the value written (prototypes, own keys, enumerability, elements, bytes), or writing it throws a
 * `SerializationError` naming where it sits and what to do.
 */
import { compressed, jsonSerializer, SerializationError, v8Serializer, type Serializer } from '../../src';
import { differenceFrom } from './differenceFrom';
import { HttpError, inOtherRealm, VALUE_CASES, type Outcome } from './valueCases';

const roundTrip = (serializer: Serializer, value: unknown) => serializer.deserialize(serializer.serialize(value));

function expectOutcome(serializer: Serializer, value: unknown, outcome: Outcome): void {
  if (outcome === 'kept') {
    expect(differenceFrom(value, roundTrip(serializer, value))).toBeUndefined();
    return;
  }
  let refusal: unknown;
  try {
    serializer.serialize(value);
  } catch (error) {
    refusal = error;
  }
  expect(refusal).toBeInstanceOf(SerializationError);
  expect(refusal).toMatchObject({ path: outcome.refusedAt });
  expect((refusal as Error).message).toMatch(/serializer|plain data|copy it|await it/);
}

describe.each([
  ['json', jsonSerializer],
  ['v8', v8Serializer],
] as const)('the %s serializer', (name, serializer) => {
  it.each(VALUE_CASES.map((valueCase) => [valueCase.label, valueCase] as const))(
    'keeps or refuses %s',
    (_label, valueCase) => {
      expectOutcome(serializer, valueCase.make(), valueCase[name]);
    },
  );

  it('is inherited by its gzip and brotli forms', () => {
    for (const valueCase of VALUE_CASES) {
      expectOutcome(compressed(serializer, 'gzip'), valueCase.make(), valueCase[name]);
      expectOutcome(compressed(serializer, 'brotli'), valueCase.make(), valueCase[name]);
    }
  });

  it('names what it refuses with the article it is read with, and an anonymous class as one', () => {
    const withSymbol = <T extends object>(value: T) => Object.assign(value, { [Symbol('id')]: 1 });
    expect(() => serializer.serialize({ bytes: withSymbol(new Int8Array(1)) })).toThrow(
      /result\.bytes: an Int8Array would come back without its symbol-keyed property Symbol\(id\)/,
    );
    expect(() => serializer.serialize({ bytes: withSymbol(new Uint8Array(1)) })).toThrow(
      /result\.bytes: a Uint8Array would/,
    );
    expect(() => serializer.serialize({ error: withSymbol(new EvalError('x')) })).toThrow(
      /result\.error: an EvalError would come back/,
    );
    expect(() =>
      serializer.serialize({
        row: new (class {
          id = 1;
        })(),
      }),
    ).toThrow(
      new RegExp(
        String.raw`result\.row: an instance of an anonymous class would come back as a plain object .*: its class ` +
          'is not known where the record is read; .* a serializer of your own that knows its class$',
      ),
    );
  });

  it("brings another realm's built-ins back as this realm's", () => {
    const back = roundTrip(
      serializer,
      inOtherRealm(
        '[new Date(5), new Map(), new Set(), /x/, new Uint8Array(1), new RangeError("r"), Object(1), {}, []]',
      ),
    ) as unknown[];
    const [date, map, set, regexp, bytes, error, boxed, object, array] = back;
    expect(date).toBeInstanceOf(Date);
    expect(map).toBeInstanceOf(Map);
    expect(set).toBeInstanceOf(Set);
    expect(regexp).toBeInstanceOf(RegExp);
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(error).toBeInstanceOf(RangeError);
    expect(boxed).toBeInstanceOf(Number);
    expect(Object.getPrototypeOf(object)).toBe(Object.prototype);
    expect(Array.isArray(array) && Object.getPrototypeOf(array) === Array.prototype).toBe(true);
  });
});

describe('the JSON serializer', () => {
  it('keeps a built-in error whole: class, message, stack, cause, errors and data properties', () => {
    const error = Object.assign(new AggregateError([new RangeError('one')], 'both', { cause: 'why' }), { status: 503 });
    const back = roundTrip(jsonSerializer, { error }) as { error: AggregateError & { status: number } };
    expect(back.error).toBeInstanceOf(AggregateError);
    expect([back.error.name, back.error.message, back.error.stack, back.error.cause]).toEqual([
      'AggregateError',
      'both',
      error.stack,
      'why',
    ]);
    expect(back.error.errors[0]).toBeInstanceOf(RangeError);
    expect(back.error.status).toBe(503);
    expect(Object.keys(back.error)).toEqual(['status']);
  });

  it('says why and what to do when it refuses', () => {
    expect(() => jsonSerializer.serialize({ error: new HttpError('x', 404) })).toThrow(
      new RegExp(
        String.raw`result\.error: a HttpError would come back .* the class HttpError is not known .*; return plain ` +
          'data .* or use a serializer of your own that knows HttpError',
      ),
    );
    expect(() => jsonSerializer.serialize({ rows: Object.assign([1], { total: 1 }) })).toThrow(
      new RegExp(
        String.raw`result\.rows: an array would come back without its own property "total"; return plain data, or ` +
          "use resultSerializer: 'v8'",
      ),
    );
  });

  // Written by the previous version of this serializer: each must still read as it did.
  it.each([
    [
      '{"$error":"HttpError","message":"gone","stack":"HttpError: gone"}',
      Object.assign(new Error('gone'), { name: 'HttpError', stack: 'HttpError: gone' }),
    ],
    ['{"$regexp":"a+","flags":"g"}', /a+/g],
    ['{"$typedArray":"Int16Array","bytes":"AQACAA=="}', new Int16Array([1, 2])],
    ['{"$object":{"$date":"x"}}', { $date: 'x' }],
    // biome-ignore lint/suspicious/noSparseArray: holes are the input under test
    ['[1,{"$hole":true},{"$undefined":true},{"$number":"-0"},{"$bigint":"5"}]', [1, , undefined, -0, 5n]],
    [
      '{"$map":[[{"$date":"2026-11-26T12:00:00.000Z"},{"$set":[{"$url":"https://a.example/"}]}]]}',
      new Map([[new Date('2026-11-26T12:00:00.000Z'), new Set([new URL('https://a.example/')])]]),
    ],
  ])('still reads %s as it always did', (payload, expected) => {
    const value = jsonSerializer.deserialize(Buffer.from(payload));
    expect(differenceFrom(expected, value)).toBeUndefined();
  });

  // The tags added for exact round trips read untrusted records like the others: a name outside their table,
  // or a field missing, makes the record unreadable (a miss), and a "__proto__" key stays a key.
  it.each([
    '{"$nativeError":"constructor","hidden":{},"props":{}}',
    '{"$nativeError":"Error","hidden":[],"props":{}}',
    '{"$nativeError":"Error"}',
    '{"$boxed":"Symbol","value":"x"}',
    '{"$boxed":"Number","value":"1"}',
    '{"$regexpAt":"a","flags":"g"}',
    '{"$urlSearchParams":{"toString":"x"}}',
  ])('refuses the malformed record %s', (payload) => {
    expect(() => jsonSerializer.deserialize(Buffer.from(payload))).toThrow(SerializationError);
  });

  it('reads a "__proto__" key of a null-prototype object or an error as data', () => {
    const object = jsonSerializer.deserialize(Buffer.from('{"$nullObject":{"__proto__":{"polluted":true}}}')) as object;
    expect(Object.getPrototypeOf(object)).toBeNull();
    expect(Object.keys(object)).toEqual(['__proto__']);
    const error = jsonSerializer.deserialize(
      Buffer.from('{"$nativeError":"Error","hidden":{},"props":{"__proto__":{"polluted":true}}}'),
    ) as Error;
    expect(Object.getPrototypeOf(error)).toBe(Error.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
