import { hashKey, registerHasher, stableHash, UnhashableInputError, type StablyHashable } from '../src';

/** A columnar table whose instances carry a cache of derived data that must not change its key. */
class Table {
  readonly memo = new Map<string, unknown>();
  constructor(readonly columns: Record<string, Float64Array>) {}
}
class TimeSeries extends Table {}

class Money implements StablyHashable {
  constructor(
    readonly cents: bigint,
    readonly currency: string,
    readonly formatter = () => `${cents}`,
  ) {}
  [hashKey](): unknown {
    return [this.cents, this.currency];
  }
}

describe('hasher extension points', () => {
  afterEach(() => registerHasher(Table, undefined));

  it('registerHasher gives a class you do not own a stable form, for it and its subclasses', () => {
    const table = (values: number[]) => new Table({ price: new Float64Array(values) });
    expect(() => stableHash(table([1]))).not.toThrow();
    const withMemo = table([1, 2]);
    withMemo.memo.set('sum', 3);
    expect(stableHash(withMemo)).not.toBe(stableHash(table([1, 2]))); // the memo is part of the default form

    registerHasher(Table, (value) => value.columns);
    expect(stableHash(withMemo)).toBe(stableHash(table([1, 2])));
    expect(stableHash(table([1, 2]))).not.toBe(stableHash(table([1, 3])));
    expect(stableHash(new TimeSeries({ price: new Float64Array([1, 2]) }))).not.toBe(stableHash(table([1, 2])));
    expect(stableHash(new TimeSeries({ price: new Float64Array([1, 2]) }))).toBe(
      stableHash(new TimeSeries({ price: new Float64Array([1, 2]) })),
    );

    registerHasher(Table, undefined);
    expect(stableHash(withMemo)).not.toBe(stableHash(table([1, 2])));
  });

  it('a [hashKey]() method makes an otherwise unhashable object hashable', () => {
    expect(stableHash(new Money(100n, 'EUR'))).toBe(stableHash(new Money(100n, 'EUR', () => 'other')));
    expect(stableHash(new Money(100n, 'EUR'))).not.toBe(stableHash(new Money(100n, 'USD')));
    expect(stableHash(new Money(100n, 'EUR'))).not.toBe(stableHash([100n, 'EUR']));
  });

  it('reports an unhashable stable form with its path', () => {
    registerHasher(Table, (value) => ({ columns: value.columns, compute: () => 1 }));
    const error = (() => {
      try {
        stableHash({ table: new Table({}) });
      } catch (caught) {
        return caught as UnhashableInputError;
      }
    })();
    expect(error).toBeInstanceOf(UnhashableInputError);
    expect(error?.path).toBe('value.table<stable form>.compute');
  });
});
