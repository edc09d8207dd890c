/**
 * Own properties of built-ins that their usual encoding does not show (an AggregateError's `errors`, a match
 * result's `index` and `input`, extra fields of a Date, Map, Set, RegExp, URL, Headers or boxed number, a RegExp's
 * `lastIndex`): unequal values that differ only there must not share a key, since a shared key returns another
 * call's result.
 */
import 'reflect-metadata';
import { Engine, MemoryStorage, stableHash, Task, taskInputHash } from '../src';
import { RecordingLogger } from './support';

const same = (a: unknown, b: unknown) => expect(stableHash(a)).toBe(stableHash(b));
const different = (a: unknown, b: unknown) => expect(stableHash(a)).not.toBe(stableHash(b));

const withFields = <T extends object>(value: T, fields: Record<string, unknown>): T => Object.assign(value, fields);

/** A RegExp part-way through a global search, as `exec` leaves it. */
function searchedOnce(pattern: RegExp, text: string): RegExp {
  pattern.exec(text);
  return pattern;
}

describe('stableHash of own properties a built-in’s value does not show', () => {
  it.each<[string, unknown, unknown]>([
    [
      'AggregateErrors with different errors',
      new AggregateError([new Error('a')], 'm'),
      new AggregateError([new Error('b')], 'm'),
    ],
    ['AggregateErrors with no error and with one', new AggregateError([], 'm'), new AggregateError([1], 'm')],
    ['matches of one pattern at different places', 'abc'.match(/b/), 'xbz'.match(/b/)],
    ['matches of one pattern in different inputs', 'ab'.match(/b/), 'bb'.match(/b$/)],
    ['matches with different named groups', 'a1'.match(/(?<x>\d)/), 'a1'.match(/(?<y>\d)/)],
    ['matches with different indices', 'ab'.match(/b/d), 'bb'.match(/b$/d)],
    ['a match result and an array of its elements', 'abc'.match(/b/), ['b']],
    [
      'Dates with different own fields',
      withFields(new Date(0), { zone: 'UTC' }),
      withFields(new Date(0), { zone: 'CET' }),
    ],
    ['a Date with an own field and one without', withFields(new Date(0), { zone: 'UTC' }), new Date(0)],
    [
      'Maps with different own fields',
      withFields(new Map([[1, 2]]), { unit: 'kg' }),
      withFields(new Map([[1, 2]]), { unit: 'g' }),
    ],
    [
      'Sets with different own fields',
      withFields(new Set([1]), { unit: 'kg' }),
      withFields(new Set([1]), { unit: 'g' }),
    ],
    ['RegExps with different own fields', withFields(/a/, { label: 'x' }), withFields(/a/, { label: 'y' })],
    [
      'URLs with different own fields',
      withFields(new URL('https://a.test/'), { n: 1 }),
      withFields(new URL('https://a.test/'), { n: 2 }),
    ],
    [
      'URLSearchParams with an own field and without',
      withFields(new URLSearchParams('a=1'), { n: 1 }),
      new URLSearchParams('a=1'),
    ],
    [
      'boxed numbers with different own fields',
      withFields(new Number(1), { unit: 'kg' }),
      withFields(new Number(1), { unit: 'g' }),
    ],
    [
      'Headers with different own fields',
      withFields(new Headers({ a: '1' }), { tenant: 'x' }),
      withFields(new Headers({ a: '1' }), { tenant: 'y' }),
    ],
    ['Headers with an own field and without', withFields(new Headers(), { tenant: 'x' }), new Headers()],
    [
      'instances of a Headers subclass with different fields',
      new (class TenantHeaders extends Headers {
        tenant = 'x';
      })(),
      new (class TenantHeaders extends Headers {
        tenant = 'y';
      })(),
    ],
    ['RegExps at different positions of a global search', searchedOnce(/a/g, 'aaa'), /a/g],
    [
      'RegExps at different positions of a sticky search',
      searchedOnce(/a/y, 'aaa'),
      searchedOnce(searchedOnce(/a/y, 'aaa'), 'aaa'),
    ],
    [
      'an Error with a cause of undefined and one without a cause',
      new Error('x', { cause: undefined }),
      new Error('x'),
    ],
  ])('tells apart %s', (_label, a, b) => different(a, b));

  it('hashes equal values with these properties alike', () => {
    same('abc'.match(/b/), 'abc'.match(/b/));
    same(new AggregateError([new Error('a')], 'm'), new AggregateError([new Error('a')], 'm'));
    same(withFields(new Date(0), { zone: 'UTC' }), withFields(new Date(0), { zone: 'UTC' }));
    same(searchedOnce(/a/g, 'aaa'), searchedOnce(/a/g, 'abc'));
    // Sorted like an object's keys: the order they were added in does not matter.
    same(withFields(new Map(), { a: 1, b: 2 }), withFields(new Map(), { b: 2, a: 1 }));
    same(withFields(new Headers({ a: '1' }), { tenant: 'x' }), withFields(new Headers({ a: '1' }), { tenant: 'x' }));
    // A String object's characters are its value, not extra properties.
    same(new String('abc'), new String('abc'));
    different(new String('abc'), new String('abd'));
  });

  it('leaves out what is documented as not part of a key', () => {
    const symbol = Symbol('note');
    same(withFields(new Date(0), { [symbol]: 1 }), new Date(0));
    same(Object.defineProperty(new Map(), 'note', { value: 1, enumerable: false }), new Map());
    // Named properties of arrays (other than a match result's) and of binary data: listing them costs one key per
    // element.
    same(withFields([1, 2], { source: 'orders' }), [1, 2]);
    same(withFields(Buffer.from('a'), { source: 'orders' }), Buffer.from('a'));
    // Nor of a String object, which has one own key per character before them.
    same(withFields(new String('ab'), { lang: 'en' }), withFields(new String('ab'), { lang: 'fr' }));
    same(withFields(new String('ab'), { lang: 'en' }), new String('ab'));
    // Two classes of the same name: only the name is known in another process.
    same(
      new (class Point {
        x = 1;
      })(),
      new (class Point {
        x = 1;
      })(),
    );
  });

  it('names the path of an unhashable value held in such a property', () => {
    expect(() => stableHash({ at: withFields(new Date(0), { format: () => 'iso' }) })).toThrow(
      expect.objectContaining({ path: 'value.at.format' }),
    );
  });
});

describe('a task keyed on a RegExp match result', () => {
  class Parser {
    bodyRuns = 0;

    /** What follows the match in the text it was found in. */
    @Task({ cacheKeyFn: taskInputHash })
    async rest(match: RegExpMatchArray): Promise<string> {
      this.bodyRuns++;
      return match.input!.slice(match.index! + match[0].length);
    }
  }

  it('runs the body again for a match in another text, and returns each text’s own result', async () => {
    const engine = new Engine({ storage: new MemoryStorage(), logger: new RecordingLogger() });
    const parser = engine.attach(new Parser());

    expect(await parser.rest('abc'.match(/b/)!)).toBe('c');
    expect(await parser.rest('xbz'.match(/b/)!)).toBe('z');
    expect(await parser.rest('abc'.match(/b/)!)).toBe('c');
    expect(parser.bodyRuns).toBe(2);
  });
});
