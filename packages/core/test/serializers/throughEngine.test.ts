/**
 * What a user observes: a task with `persistResult: true` returns a value; a fresh engine over the same storage
 * (another process) hits and returns that value exactly (prototypes included), or the first call warned,
 * returned the value and stored nothing, so the fresh engine runs the body again. For every type of the README's
 * table and, as a property, for generated values mixing them, with the JSON and the v8 serializer.
 */
import 'reflect-metadata';
import fc from 'fast-check';
import { Engine, MemoryStorage, Task } from '../../src';
import { RecordingLogger, recordKeys } from '../support';
import { differenceFrom } from './differenceFrom';
import { HttpError, inOtherRealm, VALUE_CASES, type Outcome } from './valueCases';
import { BUILTIN_ERROR_NAMES, type BuiltinErrorName } from '../../src/values/builtinKind';

type SerializerName = 'json' | 'v8';

let nextResult: unknown;

class Results {
  runs = 0;

  @Task({ cacheKeyFn: () => 'result', persistResult: true })
  async asJson(): Promise<unknown> {
    this.runs++;
    return nextResult;
  }

  @Task({ cacheKeyFn: () => 'result', persistResult: true, resultSerializer: 'v8' })
  async asV8(): Promise<unknown> {
    this.runs++;
    return nextResult;
  }
}

interface TwoProcesses {
  returned: unknown;
  storedKeys: string[];
  warnings: string[];
  readBack: unknown;
  runsInSecond: number;
}

/** The value returned by a first engine, and what a fresh engine over the same storage then returns. */
async function acrossProcesses(serializer: SerializerName, value: unknown): Promise<TwoProcesses> {
  const storage = new MemoryStorage();
  const logger = new RecordingLogger();
  const call = (results: Results) => (serializer === 'json' ? results.asJson() : results.asV8());
  nextResult = value;
  const returned = await call(new Engine({ storage, logger }).attach(new Results()));
  const storedKeys = await recordKeys(storage);
  const second = new Engine({ storage, logger: new RecordingLogger() }).attach(new Results());
  const readBack = await call(second);
  return { returned, storedKeys, warnings: logger.warnings, readBack, runsInSecond: second.runs };
}

/** Kept: stored, no warning, hit in the fresh engine, same value. Refused: warned, returned, nothing stored. */
function describeOutcome(value: unknown, seen: TwoProcesses): 'kept' | 'refused' | string {
  if (!Object.is(seen.returned, value)) return 'the first call did not return the body’s value';
  if (seen.storedKeys.length === 1 && seen.warnings.length === 0 && seen.runsInSecond === 0) {
    return differenceFrom(value, seen.readBack) ?? 'kept';
  }
  if (seen.storedKeys.length === 0 && seen.warnings.length === 1 && seen.runsInSecond === 1) {
    return /returned a value that was not persisted \(the call still returns it\)/.test(seen.warnings[0])
      ? 'refused'
      : seen.warnings[0];
  }
  return (
    `stored ${seen.storedKeys.length}, warnings ` +
    `${JSON.stringify(seen.warnings)}, runs in second ${seen.runsInSecond}`
  );
}

describe.each(['json', 'v8'] as const)('a persisted result with the %s serializer', (serializer) => {
  it.each(VALUE_CASES.map((valueCase) => [valueCase.label, valueCase] as const))(
    'comes back from another process as it was, or is refused: %s',
    async (_label, valueCase) => {
      const outcome: Outcome = valueCase[serializer];
      const value = valueCase.make();
      const seen = await acrossProcesses(serializer, value);
      expect(describeOutcome(value, seen)).toBe(outcome === 'kept' ? 'kept' : 'refused');
      if (outcome !== 'kept') expect(seen.warnings[0]).toContain(`${outcome.refusedAt}:`);
    },
  );

  it('brings a Buffer and a Float32Array back over buffers of their own, holding exactly their bytes', async () => {
    for (const value of [Buffer.from('abc'), new Float32Array([1, 2, 3])]) {
      const hit = (await acrossProcesses(serializer, value)).readBack as Buffer | Float32Array;
      expect(hit.byteOffset).toBe(0);
      expect(hit.buffer.byteLength).toBe(hit.byteLength);
      expect([...new Uint8Array(hit.buffer)]).toEqual([
        ...new Uint8Array(value.buffer, value.byteOffset, value.byteLength),
      ]);
    }
  });

  it('brings two views over one buffer back over separate buffers', async () => {
    const shared = new Uint8Array([1, 2, 3, 4]).buffer;
    const [first, second] = (
      await acrossProcesses(serializer, [new Uint8Array(shared, 0, 2), new Uint8Array(shared, 2, 2)])
    ).readBack as Uint8Array[];
    expect([...new Uint8Array(first.buffer)]).toEqual([1, 2]);
    expect([...new Uint8Array(second.buffer)]).toEqual([3, 4]);
  });

  it('comes back as it was for generated values of the types it keeps', async () => {
    await fc.assert(
      fc.asyncProperty(valuesKeptBy(serializer), async (value) => {
        expect(describeOutcome(value, await acrossProcesses(serializer, value))).toBe('kept');
      }),
      { numRuns: 150 },
    );
  });

  it('comes back as it was, or was refused, for generated values mixing every type', async () => {
    const seen = { kept: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(anyValues(), async (value) => {
        const outcome = describeOutcome(value, await acrossProcesses(serializer, value));
        expect(['kept', 'refused']).toContain(outcome);
        seen[outcome as 'kept' | 'refused']++;
      }),
      { numRuns: 200 },
    );
    // Both outcomes were exercised (the mix is random, not the count: fast-check's seed changes per run).
    expect(seen.kept).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------------------------------

type Extra = 'jsonOnly' | 'v8Only' | 'refused';

const makeInOtherRealm = inOtherRealm(`({
  object: (entries) => {
    const o = {};
    for (const [k, v] of entries) {
      Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return o;
  },
  array: (items) => Array.from(items),
  map: (entries) => new Map(entries),
  set: (items) => new Set(items),
  date: (time) => new Date(time),
  bytes: (items) => new Float64Array(items),
  error: (name, message, cause) => new globalThis[name](message, { cause }),
})`) as {
  object(entries: [string, unknown][]): object;
  array(items: unknown[]): unknown[];
  map(entries: [unknown, unknown][]): Map<unknown, unknown>;
  set(items: unknown[]): Set<unknown>;
  date(time: number): Date;
  bytes(items: number[]): Float64Array;
  error(name: string, message: string, cause: unknown): Error;
};

const KEYS = fc.oneof(
  fc.string({ maxLength: 6 }),
  fc.constantFrom('$date', '$object', '$hole', '__proto__', 'constructor', 'toString', '0', '$'),
);
const TEXT = fc.oneof(fc.string({ unit: 'binary', maxLength: 8 }), fc.constantFrom('\ud800', 'a\udfffb', '$date', ''));
// The built-in error classes whose constructor takes (message, options); AggregateError takes its errors first.
const ERROR_NAMES = BUILTIN_ERROR_NAMES.filter(
  (name): name is Exclude<BuiltinErrorName, 'AggregateError'> => name !== 'AggregateError',
);

function objectOf(entries: [string, unknown][], prototype: object | null = Object.prototype): object {
  const object = Object.create(prototype) as object;
  for (const [key, value] of entries)
    Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  return object;
}

const leaves: fc.Arbitrary<unknown>[] = [
  TEXT,
  fc.double(),
  fc.integer(),
  fc.bigInt(),
  fc.boolean(),
  fc.constantFrom(undefined, null, -0, NaN, Infinity),
  fc.date({ noInvalidDate: false }),
  fc
    .constantFrom('a+', '\\d{2}', '.')
    .chain((source) => fc.constantFrom('', 'g', 'iu').map((flags) => new RegExp(source, flags))),
  fc.uint8Array({ maxLength: 5 }),
  fc.int16Array({ maxLength: 3 }),
  fc.float64Array({ maxLength: 3 }),
  fc.bigInt64Array({ maxLength: 2 }),
  fc.uint8Array({ maxLength: 5 }).map((bytes) => Buffer.from(bytes)),
  fc.uint8Array({ maxLength: 5 }).map((bytes) => bytes.buffer),
  fc.uint8Array({ minLength: 1, maxLength: 5 }).map((bytes) => new DataView(bytes.buffer, 1)),
  fc.oneof(fc.double(), TEXT, fc.boolean(), fc.bigInt()).map((primitive) => Object(primitive) as object),
  fc.integer({ min: -1e12, max: 1e12 }).map((time) => makeInOtherRealm.date(time)),
  fc.array(fc.double(), { maxLength: 3 }).map((items) => makeInOtherRealm.bytes(items)),
];

const jsonOnlyLeaves: fc.Arbitrary<unknown>[] = [
  fc.webUrl().map((href) => new URL(href)),
  fc.array(fc.tuple(TEXT, TEXT), { maxLength: 3 }).map((pairs) => new URLSearchParams(pairs)),
  fc.nat(5).map((lastIndex) => Object.assign(/o+/g, { lastIndex })),
];

const refusedLeaves: fc.Arbitrary<unknown>[] = [
  fc.constant(() => 1),
  fc.constant(Symbol('s')),
  TEXT.map((message) => new HttpError(message, 404)),
  fc.integer().map(
    (id) =>
      new (class Row {
        constructor(readonly rowId: number) {}
      })(id),
  ),
  fc.constant(new SharedArrayBuffer(2)),
  fc.date().map((date) => Object.assign(date, { zone: 'UTC' })),
];

function containers(value: fc.Arbitrary<unknown>, extras: readonly Extra[]): fc.Arbitrary<unknown>[] {
  const entries = fc.array(fc.tuple(KEYS, value), { maxLength: 4 });
  const list = [
    entries.map((pairs) => objectOf(pairs)),
    fc.array(value, { maxLength: 4 }),
    fc.sparseArray(value, { maxLength: 5 }),
    fc.array(fc.tuple(value, value), { maxLength: 3 }).map((pairs) => new Map(pairs)),
    fc.array(value, { maxLength: 3 }).map((items) => new Set(items)),
    fc
      .tuple(fc.constantFrom(...ERROR_NAMES), TEXT, fc.option(value, { nil: undefined }), fc.boolean())
      .map(([name, message, cause, withCause]) => new globalThis[name](message, withCause ? { cause } : undefined)),
    entries.map((pairs) => makeInOtherRealm.object(pairs)),
    fc.array(value, { maxLength: 3 }).map((items) => makeInOtherRealm.array(items)),
    fc.array(fc.tuple(value, value), { maxLength: 3 }).map((pairs) => makeInOtherRealm.map(pairs)),
    fc.array(value, { maxLength: 3 }).map((items) => makeInOtherRealm.set(items)),
    fc
      .tuple(fc.constantFrom(...ERROR_NAMES), TEXT, value)
      .map(([name, message, cause]) => makeInOtherRealm.error(name, message, cause)),
  ];
  if (extras.includes('jsonOnly')) {
    list.push(
      entries.map((pairs) => objectOf(pairs, null)),
      fc.tuple(fc.array(value, { maxLength: 3 }), TEXT).map(([errors, message]) => new AggregateError(errors, message)),
      fc
        .tuple(TEXT, fc.integer(), value)
        .map(([message, status, code]) => Object.assign(new Error(message), { status, code })),
    );
  }
  if (extras.includes('v8Only')) {
    list.push(
      fc.tuple(fc.array(value, { maxLength: 3 }), value).map(([items, extra]) => Object.assign(items, { extra })),
      value.map((inner) => {
        const node: Record<string, unknown> = { inner };
        node.self = node;
        return node;
      }),
    );
  }
  if (extras.includes('refused')) {
    list.push(
      entries.map((pairs) => Object.assign(objectOf(pairs), { [Symbol('id')]: 1 })),
      value.map((inner) => Object.defineProperty({ inner }, 'hidden', { value: 1, enumerable: false })),
    );
  }
  return list;
}

function values(extras: readonly Extra[]): fc.Arbitrary<unknown> {
  const extraLeaves = [
    ...(extras.includes('jsonOnly') ? jsonOnlyLeaves : []),
    ...(extras.includes('refused') ? refusedLeaves : []),
  ];
  return fc.letrec<{ value: unknown; container: unknown }>((tie) => ({
    value: fc.oneof({ depthSize: 'small' }, ...leaves, ...extraLeaves, tie('container')),
    container: fc.oneof(...containers(tie('value'), extras)),
  })).value;
}

function valuesKeptBy(serializer: SerializerName): fc.Arbitrary<unknown> {
  return values(serializer === 'json' ? ['jsonOnly'] : ['v8Only']);
}

function anyValues(): fc.Arbitrary<unknown> {
  return values(['jsonOnly', 'v8Only', 'refused']);
}
