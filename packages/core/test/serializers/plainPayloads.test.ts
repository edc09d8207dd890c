/**
 * `json/v1` text holding no tag (rows of strings, numbers, booleans, null) is brought back by `JSON.parse` alone,
 * without a second walk over the value; text holding tags, or text that only looks like a tag from inside a
 * string, still comes back exactly as it was written.
 */
import { jsonSerializer } from '../../src';

const write = (value: unknown) => jsonSerializer.serialize(value);

afterEach(() => {
  jest.restoreAllMocks();
});

describe('the json serializer reading a payload without tags', () => {
  it('returns the value JSON.parse made, not a copy of it', () => {
    const rows = [
      { id: 1, name: 'Ada', amount: 12.5, region: 'eu', active: true, note: null },
      { id: 2, name: 'Grace', amount: 7, region: 'us', active: false, note: 'vip' },
    ];
    const bytes = write(rows);
    const parse = jest.spyOn(JSON, 'parse');

    const value = jsonSerializer.deserialize(bytes);

    expect(parse).toHaveBeenCalledTimes(1);
    expect(value).toBe(parse.mock.results[0].value);
    expect(value).toEqual(rows);
  });

  it('reads strings and keys that contain "$", quotes and braces as they were', () => {
    const value = {
      price: '$5',
      template: '{"$date":"2026-01-01T00:00:00.000Z"}',
      quoted: 'a "{"$x" inside',
      list: ['{"$', '\\"{"$', '$'],
      nested: { a$: 1, b: { c: '$name' } },
    };

    const back = jsonSerializer.deserialize(write(value));

    expect(back).toEqual(value);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
  });

  it('still brings back tagged values among plain rows, and plain objects whose keys start with "$"', () => {
    const gaps: number[] = [1];
    gaps[2] = 3;
    const value = {
      rows: [{ id: 1 }, { id: 2, at: new Date('2026-01-01T00:00:00.000Z') }],
      prices: { $eu: 3, us: 4 },
      later: { first: 1, $second: 2 },
      gaps,
      missing: undefined,
    };

    const back = jsonSerializer.deserialize(write(value)) as typeof value;

    expect(back).toEqual(value);
    expect(back.rows[1].at).toBeInstanceOf(Date);
    expect(Object.keys(back.later)).toEqual(['first', '$second']);
    expect(1 in back.gaps).toBe(false);
    expect(Object.hasOwn(back, 'missing')).toBe(true);
  });
});
