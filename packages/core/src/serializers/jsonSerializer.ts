import { types } from 'node:util';
import { SerializationError } from '../errors/SerializationError';
import { formatPath, type PathSegment } from '../keys/valuePath';
import type { Serializer } from './Serializer';

const ID = 'json/v1';

// Values JSON cannot express are written as a one-key object whose key is a tag; a plain object that happens to
// have keys starting with "$" is wrapped in {"$object": ...} so it is never read back as a tag.
type Tagged = null | boolean | number | string | Tagged[] | { [key: string]: Tagged };

const TYPED_ARRAYS: Record<string, new (buffer: ArrayBuffer) => ArrayBufferView> = {
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
  BigInt64Array,
  BigUint64Array,
};

/**
 * The default serializer: JSON that also round-trips Date, BigInt, Map, Set, Buffer, typed arrays, ArrayBuffer,
 * RegExp, URL, Error, undefined, -0, NaN and ±Infinity. Reading never runs code from the record. Class instances
 * are written through their `toJSON()` when they have one (and read back as that plain form); other class
 * instances, functions, symbols, promises and cycles are refused with a `SerializationError` naming the path.
 */
export const jsonSerializer: Serializer = {
  id: ID,
  serialize(value) {
    return Buffer.from(JSON.stringify(toTagged(value, ['result'], [])), 'utf8');
  },
  deserialize(bytes) {
    return fromTagged(JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')));
  },
};

function toTagged(value: unknown, path: PathSegment[], ancestors: object[]): Tagged {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (Number.isFinite(value) && !Object.is(value, -0)) return value;
      return { $number: Object.is(value, -0) ? '-0' : String(value) };
    case 'undefined':
      return { $undefined: true };
    case 'bigint':
      return { $bigint: value.toString() };
    case 'object':
      if (value === null) return null;
      if (ancestors.includes(value)) throw refuse(path, 'it contains a cycle, which JSON cannot express');
      ancestors.push(value);
      try {
        return objectToTagged(value, path, ancestors);
      } finally {
        ancestors.pop();
      }
    default:
      throw refuse(path, `a ${typeof value} cannot be stored`);
  }
}

function objectToTagged(value: object, path: PathSegment[], ancestors: object[]): Tagged {
  const child = (item: unknown, segment: PathSegment) => toTagged(item, [...path, segment], ancestors);
  if (Array.isArray(value)) {
    return Array.from({ length: value.length }, (_unused, index) =>
      index in value ? child(value[index], index) : { $hole: true },
    );
  }
  if (Buffer.isBuffer(value)) return { $buffer: value.toString('base64') };
  if (ArrayBuffer.isView(value)) {
    const name = value.constructor.name;
    if (!(name in TYPED_ARRAYS)) throw refuse(path, `a ${name} cannot be stored; copy it into a typed array`);
    return { $typedArray: name, bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
  }
  if (value instanceof ArrayBuffer) return { $arrayBuffer: Buffer.from(value).toString('base64') };
  if (value instanceof Date) return { $date: Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString() };
  if (value instanceof Map) {
    return { $map: [...value].map(([key, item], index) => [child(key, { note: `<Map key ${index}>` }), child(item, { note: `<Map value ${index}>` })]) };
  }
  if (value instanceof Set) return { $set: [...value].map((item, index) => child(item, { note: `<Set element ${index}>` })) };
  if (value instanceof RegExp) return { $regexp: value.source, flags: value.flags };
  if (value instanceof URL) return { $url: value.href };
  if (value instanceof Error) return { $error: value.name, message: value.message, stack: value.stack ?? '' };
  if (types.isPromise(value)) throw refuse(path, 'a Promise has no value yet; await it before returning');
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    const toJSON = (value as { toJSON?: () => unknown }).toJSON;
    if (typeof toJSON === 'function') return toTagged(toJSON.call(value), path, ancestors);
    const name = (value as { constructor?: { name?: string } }).constructor?.name ?? 'anonymous class';
    throw refuse(
      path,
      `a ${name} instance would come back as a plain object; return plain data, give ${name} a toJSON(), ` +
        "or use resultSerializer: 'v8'",
    );
  }
  const entries: [string, Tagged][] = Object.keys(value).map((key) => [key, child((value as Record<string, unknown>)[key], key)]);
  const plain = Object.fromEntries(entries);
  return entries.some(([key]) => key.startsWith('$')) ? { $object: plain } : plain;
}

function fromTagged(tagged: Tagged): unknown {
  if (tagged === null || typeof tagged !== 'object') return tagged;
  if (Array.isArray(tagged)) {
    const result: unknown[] = new Array(tagged.length);
    tagged.forEach((item, index) => {
      if (!isTag(item, '$hole')) result[index] = fromTagged(item);
    });
    return result;
  }
  const [first] = Object.keys(tagged);
  if (first === undefined || !first.startsWith('$')) return mapValues(tagged);
  const payload = tagged[first];
  switch (first) {
    case '$object':
      return mapValues(payload as Record<string, Tagged>);
    case '$number':
      return payload === '-0' ? -0 : Number(payload);
    case '$undefined':
      return undefined;
    case '$bigint':
      return BigInt(payload as string);
    case '$buffer':
      return Buffer.from(payload as string, 'base64');
    case '$typedArray':
      return new TYPED_ARRAYS[payload as string](ownArrayBuffer(tagged.bytes as string));
    case '$arrayBuffer':
      return ownArrayBuffer(payload as string);
    case '$date':
      return new Date(payload === 'Invalid Date' ? NaN : (payload as string));
    case '$map':
      return new Map((payload as [Tagged, Tagged][]).map(([key, item]) => [fromTagged(key), fromTagged(item)]));
    case '$set':
      return new Set((payload as Tagged[]).map(fromTagged));
    case '$regexp':
      return new RegExp(payload as string, tagged.flags as string);
    case '$url':
      return new URL(payload as string);
    case '$error': {
      const error = new Error(tagged.message as string);
      error.name = payload as string;
      error.stack = tagged.stack as string;
      return error;
    }
    default:
      throw new SerializationError(ID, 'record', `unknown tag ${first}; the record was written by a newer version`);
  }
}

// A fresh ArrayBuffer holding exactly the bytes (a Buffer's own may be a shared pool slab).
function ownArrayBuffer(base64: string): ArrayBuffer {
  return new Uint8Array(Buffer.from(base64, 'base64')).buffer;
}

// A "__proto__" key in a record must stay a plain key, never set a prototype: defineProperty for that one key,
// plain assignment (much faster) for the others.
function mapValues(object: Record<string, Tagged>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(object)) {
    const value = fromTagged(object[key]);
    if (key === '__proto__') {
      Object.defineProperty(result, key, { value, enumerable: true, writable: true, configurable: true });
    } else result[key] = value;
  }
  return result;
}

function isTag(value: Tagged, tag: string): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && tag in value;
}

function refuse(path: PathSegment[], reason: string): SerializationError {
  return new SerializationError(ID, formatPath(path), reason);
}
