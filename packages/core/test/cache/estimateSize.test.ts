import vm from 'node:vm';
import { describe, expect, it } from '@jest/globals';
import { SAMPLE_SIZE, SAMPLE_SPAN, VISIT_BUDGET, estimateSize } from '../../src/cache/estimateSize';
import { HEAP_COSTS } from '../../src/cache/heapCosts';
import { MemoryTier, entryBytes } from '../../src/cache/MemoryTier';

const row = (id: number) => ({ id, name: `customer ${String(id).padStart(7, '0')}`, amount: id + 0.25 });
const rows = (count: number) => Array.from({ length: count }, (_, id) => row(id));

// What V8 holds for one row, as `HEAP_COSTS` describes it: its slot in the array, the object with three
// properties, its 16-character one-byte string, its boxed double.
const ROW_BYTES =
  HEAP_COSTS.arrayElement +
  HEAP_COSTS.objectHeader +
  3 * HEAP_COSTS.slot +
  (HEAP_COSTS.stringHeader + 16) +
  HEAP_COSTS.heapNumber;

const entry = (value: unknown) => ({ value, taskName: 't', createdAt: new Date(0), expiresAt: undefined });

describe('estimateSize', () => {
  it('counts every row of a 1 000 000-row result, not the first 100 000', () => {
    const estimate = estimateSize(rows(1_000_000));
    expect(estimate).toBeGreaterThanOrEqual(0.9 * 1_000_000 * ROW_BYTES);
    expect(estimate).toBeLessThanOrEqual(1.1 * 1_000_000 * ROW_BYTES);
  });

  it('grows with the size of each shape', () => {
    const shapes: Record<string, (size: number) => unknown> = {
      string: (size) => 'x'.repeat(size),
      rows,
      typedArray: (size) => new Float64Array(size),
      map: (size) => new Map(Array.from({ length: size }, (_, index) => [`k${index}`, new Map([[index, row(index)]])])),
      set: (size) => new Set(Array.from({ length: size }, (_, index) => index + 0.5)),
      object: (size) => Object.fromEntries(Array.from({ length: size }, (_, index) => [`k${index}`, row(index)])),
      nested: (size) => ({ level: [{ level: [new Map([['rows', rows(size)]])] }] }),
    };
    for (const [shape, make] of Object.entries(shapes)) {
      const estimates = [1, 10, 100, 1000, 30_000].map((size) => estimateSize(make(size)));
      for (let index = 1; index < estimates.length; index++) {
        expect({ shape, grows: estimates[index] > estimates[index - 1] }).toEqual({ shape, grows: true });
      }
    }
  });

  it('counts a string with a character above U+00FF two bytes a character, else one', () => {
    expect(estimateSize('é'.repeat(1000))).toBe(estimateSize('x'.repeat(1000)));
    expect(estimateSize('€'.repeat(1000)) - estimateSize('x'.repeat(1000))).toBe(1000);
  });

  it('tells one-byte from two-byte strings at every length, the wide character first, last or absent', () => {
    const bytes = (characters: number) => Math.ceil((HEAP_COSTS.stringHeader + characters) / 8) * 8;
    for (let length = 1; length <= 40; length++) {
      const narrow = 'é'.repeat(length);
      const wideLast = `${'x'.repeat(length - 1)}€`;
      const wideFirst = `€${'x'.repeat(length - 1)}`;
      expect({ length, bytes: estimateSize(narrow) - HEAP_COSTS.slot }).toEqual({ length, bytes: bytes(length) });
      for (const wide of [wideLast, wideFirst]) {
        expect({ length, bytes: estimateSize(wide) - HEAP_COSTS.slot }).toEqual({ length, bytes: bytes(2 * length) });
      }
    }
  });

  it('counts the ArrayBuffer a view keeps alive, once for all its views', () => {
    const buffer = new ArrayBuffer(1_000_000);
    expect(estimateSize(new Uint8Array(buffer, 0, 10))).toBeGreaterThan(1_000_000);
    expect(estimateSize([new Uint8Array(buffer), new Float64Array(buffer)])).toBeLessThan(1_001_000);
  });

  it('counts a shared object once, and ends on cycles', () => {
    const shared = { payload: 'x'.repeat(100_000) };
    expect(estimateSize([shared, shared, shared])).toBeLessThan(estimateSize([shared]) + 100);
    const cycle: Record<string, unknown>[] = [{}, {}];
    cycle[0].next = cycle[1];
    cycle[1].next = cycle[0];
    expect(estimateSize(cycle)).toBeLessThan(1000);
  });

  it('looks into a bounded number of objects whatever the size of the value', () => {
    let visited = 0;
    const handler = {
      ownKeys: () => {
        visited++;
        return [];
      },
    };
    estimateSize(Array.from({ length: 2000 }, () => Array.from({ length: 100 }, () => new Proxy({}, handler))));
    expect(visited).toBeLessThanOrEqual(VISIT_BUDGET);
    expect(visited).toBeGreaterThan(SAMPLE_SIZE);
  });

  it("steps through a bounded number of a huge Map's or Set's entries, and still counts all of them", () => {
    let stepped = 0;
    // Counts the entries its iterators hand out.
    class CountingMap<K, V> extends Map<K, V> {
      override *entries(): MapIterator<[K, V]> {
        for (const entry of super.entries()) {
          stepped++;
          yield entry;
        }
      }
    }
    const huge = new CountingMap(Array.from({ length: 1_000_000 }, (_, index) => [index, `value ${index}`] as const));
    const small = new Map(Array.from({ length: 1000 }, (_, index) => [index, `value ${index}`] as const));
    const hugeBytes = estimateSize(huge);
    expect(stepped).toBeLessThanOrEqual(SAMPLE_SPAN);
    expect(stepped).toBeLessThan(1000); // of a million
    expect(hugeBytes / estimateSize(small)).toBeGreaterThan(900);
  });

  it('estimates a value of another realm as one of this realm', () => {
    const source = `({ rows: Array.from({ length: 5000 }, (_, id) => ({ id, tags: new Set(['a' + id]) })),
      index: new Map([[1, new Float64Array(100)]]), at: new Date(0) })`;
    // biome-ignore lint/security/noGlobalEval: the same value made in this realm, to compare with the vm's
    expect(estimateSize(vm.runInNewContext(source))).toBe(estimateSize(eval(source)));
  });
});

describe('the memory tier bounded by estimated bytes', () => {
  it('keeps the sum of its entries at most maxBytes, counting each entry beyond its value', () => {
    const store = new MemoryTier(1_000_000, 100_000);
    for (let index = 0; index < 10_000; index++) store.set(`key${index}`, entry(index));
    expect(store.bytes).toBeLessThanOrEqual(100_000);
    const sum = [...store.keys()].reduce((total, key) => total + entryBytes(key, store.get(key)!), 0);
    expect(store.bytes).toBe(sum);
    expect(store.size).toBeLessThanOrEqual(100_000 / HEAP_COSTS.tierEntry);
  });

  it('does not keep a result larger than the whole tier, however many rows it has', () => {
    const store = new MemoryTier(1000, 64 * 1024 * 1024);
    expect(store.set('rows', entry(rows(1_000_000)))).toBe(false);
    expect(store.size).toBe(0);
  });

  it("counts at least a result's record length when it has one", () => {
    const store = new MemoryTier(1000, 1_000_000);
    store.set('small', entry(1), 500_000);
    expect(store.bytes).toBeGreaterThanOrEqual(500_000);
    expect(store.set('large', entry(1), 2_000_000)).toBe(false);
  });
});
