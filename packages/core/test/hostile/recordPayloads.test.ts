/**
 * Hand-crafted records read through an Engine: whatever a stored JSON payload contains (`__proto__`,
 * `constructor`, functions written as strings, tags naming Object's own properties), the default serializer
 * decodes it to plain data or refuses the record (a miss), never runs code from it and never pollutes a prototype.
 */
import 'reflect-metadata';
import { Engine, MemoryStorage, Task } from '../../src';
import { encodeRecord } from '../../src/records';
import { RecordingLogger } from '../support';

const KEY = 'hostile/record';

interface Read {
  value: unknown;
  runs: number;
  warnings: string[];
}

/** A new engine (empty memory tier) reading a record whose payload is exactly `payload`. */
async function readThroughEngine(payload: string): Promise<Read> {
  const storage = new MemoryStorage();
  const record = encodeRecord(
    {
      storageKey: KEY,
      taskName: 'Loader.load',
      cacheKey: KEY,
      createdAt: '2026-11-26T09:00:00.000Z',
      expiresAt: null,
      serializer: 'json/v1',
      flowRunId: null,
      durationMs: 1,
    },
    Buffer.from(payload, 'utf8'),
  );
  await storage.put(KEY, record);

  class Loader {
    runs = 0;

    @Task({ cacheKeyFn: () => KEY, resultStorage: storage })
    async load(): Promise<unknown> {
      this.runs++;
      return 'computed';
    }
  }
  const logger = new RecordingLogger();
  const loader = new Engine({ logger }).attach(new Loader());
  const value = await loader.load();
  return { value, runs: loader.runs, warnings: logger.warnings };
}

function expectNoPollution(): void {
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.hasOwn(Object.prototype, 'polluted')).toBe(false);
  expect(([] as unknown as Record<string, unknown>).polluted).toBeUndefined();
  expect((globalThis as Record<string, unknown>).executed).toBeUndefined();
  expect(typeof Object.prototype.toString).toBe('function');
  expect(typeof Object.prototype.hasOwnProperty).toBe('function');
}

/** Whether anything reachable from `value` is a function. */
function containsFunction(value: unknown, seen = new Set<unknown>()): boolean {
  if (typeof value === 'function') return true;
  if (value === null || typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  const children = value instanceof Map ? [...value.keys(), ...value.values()] : value instanceof Set ? [...value] : [];
  const own = Reflect.ownKeys(value).map((key) => Object.getOwnPropertyDescriptor(value, key)?.value);
  return [...children, ...own].some((child) => containsFunction(child, seen));
}

afterEach(() => {
  expectNoPollution();
});

describe('a hostile JSON record read through an Engine', () => {
  it('keeps __proto__, constructor and prototype keys as plain data', async () => {
    const { value, runs } = await readThroughEngine(
      JSON.stringify({
        constructor: { prototype: { polluted: 'yes' } },
        prototype: { polluted: 'yes' },
        nested: [{ constructor: { prototype: { polluted: 'yes' } } }],
        toString: 'not a function',
        hasOwnProperty: 'not a function either',
        valueOf: 'nor this',
      }).replace(/^\{/, '{"__proto__":{"polluted":"yes","toString":"x"},'),
    );
    expect(runs).toBe(0); // a hit: the record was decoded
    const result = value as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual([
      '__proto__',
      'constructor',
      'prototype',
      'nested',
      'toString',
      'hasOwnProperty',
      'valueOf',
    ]);
    expect(Object.getOwnPropertyDescriptor(result, '__proto__')?.value).toEqual({ polluted: 'yes', toString: 'x' });
    expect(result.polluted).toBeUndefined();
    expect(result.toString).toBe('not a function');
    expect(containsFunction(result)).toBe(false);
  });

  it('returns functions written as strings as strings, never evaluated', async () => {
    const sources = {
      fn: 'function () { globalThis.executed = true; }',
      arrow: '() => { globalThis.executed = true }',
      iife: '(function(){ globalThis.executed = true })()',
      require: "require('child_process').execSync('touch /tmp/flowcache-pwned')",
      proto: "Object.prototype.polluted = 'yes'",
    };
    const { value, runs } = await readThroughEngine(JSON.stringify(sources));
    expect(runs).toBe(0);
    expect(value).toEqual(sources);
    expect(containsFunction(value)).toBe(false);
  });

  it('keeps __proto__ inside $object, $map and $set as data', async () => {
    const { value, runs } = await readThroughEngine(
      '{"wrapped":{"$object":{"__proto__":{"polluted":"yes"},"$fake":"tag"}},' +
        '"map":{"$map":[["__proto__",{"polluted":"yes"}],["constructor","function(){}"]]},' +
        '"set":{"$set":[{"__proto__":{"polluted":"yes"}}]}}',
    );
    expect(runs).toBe(0);
    const { wrapped, map, set } = value as { wrapped: object; map: Map<string, unknown>; set: Set<object> };
    expect(Object.getPrototypeOf(wrapped)).toBe(Object.prototype);
    expect(Object.keys(wrapped)).toEqual(['__proto__', '$fake']);
    expect(map.get('__proto__')).toEqual({ polluted: 'yes' });
    expect(map.get('constructor')).toBe('function(){}');
    const [element] = [...set];
    expect(Object.getPrototypeOf(element)).toBe(Object.prototype);
    expect(Object.keys(element)).toEqual(['__proto__']);
    expect(containsFunction(value)).toBe(false);
  });

  // Tags whose payload names one of Object's own properties must not reach a constructor or a function.
  it.each([
    ['a typed array named "constructor"', '{"$typedArray":"constructor","bytes":"AAAA"}'],
    ['a typed array named "__proto__"', '{"$typedArray":"__proto__","bytes":"AAAA"}'],
    ['a typed array named "toString"', '{"$typedArray":"toString","bytes":"AAAA"}'],
    ['a typed array named "hasOwnProperty"', '{"$typedArray":"hasOwnProperty","bytes":"AAAA"}'],
    ['a bigint that is code', '{"$bigint":"constructor"}'],
    ['a number that is code', '{"$number":"(() => { globalThis.executed = true })()"}'],
    ['a date that is an object', '{"$date":{"valueOf":"x","toString":"y"}}'],
    ['a javascript: URL', '{"$url":"javascript:globalThis.executed=true"}'],
    ['a regexp that is code', '{"$regexp":"(?{ globalThis.executed = true })","flags":"g"}'],
    ['an error with hostile fields', '{"$error":"__proto__","message":{"polluted":"yes"},"stack":"function(){}"}'],
    ['an unknown tag', '{"$eval":"globalThis.executed = true"}'],
    ['a tag on __proto__', '{"__proto__":{"$typedArray":"constructor","bytes":"AAAA"}}'],
  ])('decodes %s to data or refuses the record', async (_label, payload) => {
    const { value, runs, warnings } = await readThroughEngine(payload);
    if (runs === 1) {
      // Refused: a miss with one warning, recomputed.
      expect(value).toBe('computed');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/Loader\.load recomputes and overwrites a stored result/);
    } else {
      expect(runs).toBe(0);
      expect(containsFunction(value)).toBe(false);
    }
  });

  it('reads a tag spelled in a way the writer never spells it as the plain data it is', async () => {
    const { value, runs, warnings } = await readThroughEngine(
      '[{ "$date": "2026-01-01T00:00:00.000Z" }, {"\\u0024bigint": "1"}]',
    );
    expect(runs).toBe(0);
    expect(warnings).toEqual([]);
    expect(value).toEqual([{ $date: '2026-01-01T00:00:00.000Z' }, { $bigint: '1' }]);
    expect(Object.getPrototypeOf((value as object[])[0])).toBe(Object.prototype);
  });

  it('treats a payload nested 100 000 levels deep as an unreadable record, not a crash', async () => {
    const depth = 100_000;
    const { value, runs, warnings } = await readThroughEngine(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    if (runs === 1) {
      expect(value).toBe('computed');
      expect(warnings).toHaveLength(1);
    } else {
      let level = value;
      for (let index = 0; index < depth - 1; index++) level = (level as unknown[])[0];
      expect(level).toEqual([]);
    }
  });
});
