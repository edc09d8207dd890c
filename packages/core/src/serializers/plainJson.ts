import { types } from 'node:util';

/**
 * Whether `json/v1` would write a value as `JSON.stringify` writes it as it is: then the serializer skips building
 * its tagged copy, which costs three times the stringify itself. One walk that reads nothing JSON.stringify would
 * not, and never runs the value's code (no getter, no `toJSON`, no Proxy trap): anything it is not sure of answers
 * `false`, and the tagged path then writes it or refuses it with its own message.
 *
 * Plain JSON is: strings, booleans, `null`, finite numbers other than -0, and objects of this realm whose
 * prototype is exactly `Object.prototype` or `Array.prototype`, made of own enumerable data properties only (no
 * symbol key, no key starting with "$", which the tagged path wraps), arrays without holes or named properties,
 * all of plain JSON, without a cycle. A `toJSON` planted on `Object.prototype` or `Array.prototype` would change
 * what JSON.stringify writes: then nothing is plain.
 */
export function isPlainJson(value: unknown): boolean {
  if ('toJSON' in Object.prototype || 'toJSON' in Array.prototype) return false;
  return isPlain(value, []);
}

function isPlain(value: unknown, ancestors: object[]): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !(value === 0 && 1 / value < 0);
    case 'object':
      if (value === null) return true;
      if (ancestors.includes(value) || types.isProxy(value)) return false;
      ancestors.push(value);
      try {
        const prototype: unknown = Object.getPrototypeOf(value);
        if (prototype === Object.prototype) return isPlainObject(value, ancestors);
        return prototype === Array.prototype && isPlainArray(value as unknown[], ancestors);
      } finally {
        ancestors.pop();
      }
    default:
      return false;
  }
}

function isPlainObject(value: object, ancestors: object[]): boolean {
  if (hasSymbolKeys(value)) return false;
  for (const key of Object.getOwnPropertyNames(value)) {
    if (key.charCodeAt(0) === DOLLAR || !isPlainDataProperty(value, key, ancestors)) return false;
  }
  return true;
}

// Every index below the length present (each element's descriptor is read) and one more own name, `length`:
// nothing else.
function isPlainArray(array: unknown[], ancestors: object[]): boolean {
  if (Object.getOwnPropertyNames(array).length !== array.length + 1 || hasSymbolKeys(array)) return false;
  for (let index = 0; index < array.length; index++) {
    if (!isPlainDataProperty(array, index, ancestors)) return false;
  }
  return true;
}

// Listed apart: `Reflect.ownKeys`, which lists both, costs several times `Object.getOwnPropertyNames`.
function hasSymbolKeys(value: object): boolean {
  return Object.getOwnPropertySymbols(value).length > 0;
}

// Read through its descriptor: a getter is never called (JSON.stringify would call it, the tagged path refuses it).
function isPlainDataProperty(owner: object, key: string | number, ancestors: object[]): boolean {
  const descriptor = Object.getOwnPropertyDescriptor(owner, key);
  return (
    descriptor !== undefined &&
    descriptor.enumerable === true &&
    'value' in descriptor &&
    isPlain(descriptor.value, ancestors)
  );
}

const DOLLAR = '$'.charCodeAt(0);
