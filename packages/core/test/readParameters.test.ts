import { readParameters } from '../src/definitions/readParameters';

describe('reading parameter names from a method', () => {
  it.each<[string, (...args: never[]) => unknown, string[], boolean]>([
    [
      'plain names',
      function load(day: string, limit: number) {
        return [day, limit];
      },
      ['day', 'limit'],
      false,
    ],
    [
      'no parameters',
      function run() {
        return 1;
      },
      [],
      false,
    ],
    [
      'defaults with commas, strings and brackets',
      function query(sql = 'a, (b)', options = { limit: [1, 2] }, done = () => ')') {
        return [sql, options, done];
      },
      ['sql', 'options', 'done'],
      false,
    ],
    [
      'destructuring and rest',
      function pick({ a, b }: { a: number; b: number }, ...rest: number[]) {
        return [a, b, rest];
      },
      ['arg0', 'rest'],
      true,
    ],
    [
      'an async method',
      {
        async m(first: string, /* note, here */ second: string) {
          return first + second;
        },
      }.m,
      ['first', 'second'],
      false,
    ],
    ['an arrow function', (x: number, y: number) => x + y, ['x', 'y'], false],
  ])('%s', (_label, fn, names, hasRest) => {
    expect(readParameters(fn)).toEqual({ names, hasRestParameter: hasRest });
  });
});
