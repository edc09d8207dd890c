import { types } from 'node:util';

/**
 * Where `actual` (a value read back from storage) differs from `expected` (what the body returned), or
 * `undefined` when it is the same value: same prototypes (a built-in made in another realm expects this realm's
 * built-in), same own keys with the same enumerability and kind (data or getter), same elements, entries, bytes,
 * times, patterns and error fields. Shared references may come back as equal copies; writability does not count.
 */
export function differenceFrom(
  expected: unknown,
  actual: unknown,
  path = 'result',
  seen = new Map<object, object>(),
): string | undefined {
  if (typeof expected !== 'object' || expected === null) {
    return Object.is(expected, actual) ? undefined : `${path}: ${show(actual)} instead of ${show(expected)}`;
  }
  if (typeof actual !== 'object' || actual === null) return `${path}: ${show(actual)} instead of an object`;
  if (seen.get(expected) === actual) return undefined;
  seen.set(expected, actual);
  const prototype = thisRealmPrototype(expected);
  if (Object.getPrototypeOf(actual) !== prototype) {
    return (
      `${path}: prototype ${describePrototype(Object.getPrototypeOf(actual))} ` +
      `instead of ${describePrototype(prototype)}`
    );
  }
  return slotDifference(expected, actual, path, seen) ?? ownPropertyDifference(expected, actual, path, seen);
}

function slotDifference(expected: object, actual: object, path: string, seen: Map<object, object>): string | undefined {
  const same = (left: unknown, right: unknown, what: string) =>
    Object.is(left, right) ? undefined : `${path}: ${what} ${show(right)} instead of ${show(left)}`;
  if (types.isDate(expected))
    return same(Date.prototype.getTime.call(expected), Date.prototype.getTime.call(actual), 'time');
  if (types.isRegExp(expected)) {
    const [left, right] = [expected as RegExp, actual as RegExp];
    return same(left.source, right.source, 'source') ?? same(left.flags, right.flags, 'flags');
  }
  if (types.isMap(expected) || types.isSet(expected)) {
    const left = [...(expected as Map<unknown, unknown>)];
    const right = [...(actual as Map<unknown, unknown>)];
    if (left.length !== right.length) return `${path}: ${right.length} entries instead of ${left.length}`;
    for (let index = 0; index < left.length; index++) {
      const difference = differenceFrom(left[index], right[index], `${path}<entry ${index}>`, seen);
      if (difference !== undefined) return difference;
    }
    return undefined;
  }
  if (types.isBoxedPrimitive(expected)) return same(expected.valueOf(), actual.valueOf(), 'boxed value');
  if (types.isAnyArrayBuffer(expected)) return same(hex(expected), hex(actual as ArrayBuffer), 'bytes');
  if (types.isArrayBufferView(expected)) {
    return (
      same(Object.prototype.toString.call(expected), Object.prototype.toString.call(actual), 'type') ??
      same(hex(expected), hex(actual as ArrayBufferView), 'bytes')
    );
  }
  if (expected instanceof URL) return same(expected.href, (actual as URL).href, 'href');
  if (expected instanceof URLSearchParams)
    return same(expected.toString(), (actual as URLSearchParams).toString(), 'query');
  return undefined;
}

function ownPropertyDifference(
  expected: object,
  actual: object,
  path: string,
  seen: Map<object, object>,
): string | undefined {
  const binary = types.isArrayBufferView(expected);
  const keys = (value: object) =>
    Reflect.ownKeys(value).filter((key) => !(binary && typeof key === 'string' && /^\d+$/.test(key)));
  const [left, right] = [keys(expected), keys(actual)];
  const sorted = (list: (string | symbol)[]) => list.map(String).sort().join(', ');
  if (sorted(left) !== sorted(right)) return `${path}: own keys [${sorted(right)}] instead of [${sorted(left)}]`;
  for (const key of left) {
    const [was, is] = [Object.getOwnPropertyDescriptor(expected, key)!, Object.getOwnPropertyDescriptor(actual, key)!];
    const where = `${path}[${String(key)}]`;
    if (was.enumerable !== is.enumerable) return `${where}: enumerable ${is.enumerable} instead of ${was.enumerable}`;
    if ('value' in was !== 'value' in is)
      return `${where}: ${'value' in is ? 'data' : 'accessor'} instead of the other`;
    if ('value' in was) {
      const difference = differenceFrom(was.value, is.value, where, seen);
      if (difference !== undefined) return difference;
    }
  }
  return undefined;
}

/** The prototype a value read back in this realm must have: this realm's built-in for another realm's. */
function thisRealmPrototype(value: object): object | null {
  const prototype: object | null = Object.getPrototypeOf(value);
  if (prototype === null) return null;
  const ownConstructor: unknown = Object.getOwnPropertyDescriptor(prototype, 'constructor')?.value;
  const name = typeof ownConstructor === 'function' ? ownConstructor.name : '';
  const builtin = (globalThis as Record<string, unknown>)[name];
  const isNative =
    typeof ownConstructor === 'function' && /\[native code\]/.test(Function.prototype.toString.call(ownConstructor));
  if (typeof builtin === 'function' && isNative && builtin !== ownConstructor)
    return (builtin as { prototype: object }).prototype;
  return prototype;
}

function describePrototype(prototype: object | null): string {
  if (prototype === null) return 'null';
  const ownConstructor: unknown = Object.getOwnPropertyDescriptor(prototype, 'constructor')?.value;
  return typeof ownConstructor === 'function' ? `${ownConstructor.name}.prototype` : 'an anonymous prototype';
}

function hex(bytes: ArrayBufferLike | ArrayBufferView): string {
  if (!types.isArrayBufferView(bytes)) return Buffer.from(bytes as ArrayBuffer).toString('hex');
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

function show(value: unknown): string {
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'string') return JSON.stringify(value);
  if (Object.is(value, -0)) return '-0';
  return typeof value === 'object' && value !== null ? 'an object' : String(value);
}
