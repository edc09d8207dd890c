import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { SAMPLE_SIZE, VISIT_BUDGET, estimateJsonTreeSize, estimateSize } from '../../src/cache/estimateSize';

// Values as `JSON.parse` builds them from a payload: the tree walk is only ever given those.
const parsed = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

const oneByteString = fc.string({ unit: fc.integer({ min: 0, max: 0xff }).map((code) => String.fromCharCode(code)) });
const twoByteString = fc.string({ unit: 'binary', minLength: 1 });
const leaf = fc.oneof(
  oneByteString,
  twoByteString,
  fc.string({ maxLength: 4 }),
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
);

// Small containers mostly, and now and then one longer than a sample (`SAMPLE_SIZE`) or than a fast object.
const { tree } = fc.letrec((pick) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, pick('array'), pick('object')),
  array: fc.oneof(
    fc.array(pick('tree'), { maxLength: 8 }),
    fc.array(pick('tree'), { minLength: SAMPLE_SIZE + 1, maxLength: 4 * SAMPLE_SIZE, depthIdentifier: 'wide' }),
    fc.array(leaf, { minLength: SAMPLE_SIZE + 1, maxLength: 300 }),
  ),
  object: fc.oneof(
    fc.dictionary(fc.string({ maxLength: 6 }), pick('tree'), { maxKeys: 6 }),
    fc.dictionary(fc.string({ maxLength: 6 }), leaf, { minKeys: 13, maxKeys: 3 * SAMPLE_SIZE }),
  ),
}));

// A chain nested deeper than the budget reaches, each level an array or an object next to primitives.
const deepChain = fc
  .record({ depth: fc.integer({ min: VISIT_BUDGET - 10, max: 2 * VISIT_BUDGET }), shapes: fc.array(fc.boolean()) })
  .map(({ depth, shapes }) => {
    let value: unknown = 'bottom';
    for (let level = 0; level < depth; level++) {
      value = shapes[level % Math.max(shapes.length, 1)] ? [value, level, 'x'] : { next: value, level, name: 'é' };
    }
    return value;
  });

// Rows of rows: more objects than the budget lets the walk visit, so the budget samples them again.
const overBudget = fc
  .record({ width: fc.integer({ min: 40, max: 120 }), text: fc.oneof(oneByteString, twoByteString) })
  .map(({ width, text }) =>
    Array.from({ length: width }, (_, row) =>
      Array.from({ length: width }, (_, column) => ({ row, column, text, cells: [column, text] })),
    ),
  );

const sameEstimate = (value: unknown) => {
  const tree = parsed(value);
  expect(estimateJsonTreeSize(tree)).toBe(estimateSize(tree));
};

describe('estimateJsonTreeSize', () => {
  it('gives the estimate estimateSize gives, for any value JSON.parse builds', () => {
    fc.assert(fc.property(tree, sameEstimate), { numRuns: 300 });
  });

  it('gives it for values nested deeper than the budget reaches, and for more objects than it visits', () => {
    fc.assert(fc.property(fc.oneof(deepChain, overBudget), sameEstimate), { numRuns: 30 });
  });

  it('samples the properties of a wide object in the order Object.keys gives them, "__proto__" and indexes too', () => {
    const entries = Array.from({ length: 3 * SAMPLE_SIZE }, (_, index) => [
      index % 3 === 0 ? String(3 * SAMPLE_SIZE - index) : `key${index}`,
      index % 2 === 0 ? 'x'.repeat(index) : { index, name: '\u4e00'.repeat(index) },
    ]);
    const members = entries.map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`);
    const text = `{"__proto__":[1.5,"deep"],${members.join(',')}}`;
    const tree = JSON.parse(text);
    expect(Object.keys(tree).slice(0, 2)).toEqual(['3', '6']);
    expect(estimateJsonTreeSize(tree)).toBe(estimateSize(tree));
  });

  it('gives it while a property is planted on Object.prototype', () => {
    Object.defineProperty(Object.prototype, 'planted', {
      value: 'x'.repeat(1000),
      enumerable: true,
      configurable: true,
    });
    try {
      fc.assert(fc.property(tree, sameEstimate), { numRuns: 100 });
    } finally {
      delete (Object.prototype as { planted?: string }).planted;
    }
  });
});
