import { SerializationError } from '../errors/SerializationError';
import { ERROR_CLASSES, JSON_SERIALIZER_ID, TYPED_ARRAYS, type Tagged } from './jsonTags';

/**
 * A value from what `json/v1` wrote, built in this realm. A record is untrusted: it only ever names one of the
 * constructors in the tables here, a `__proto__` key stays a plain key, and anything malformed throws.
 */
export function fromTagged(tagged: Tagged): unknown {
  if (tagged === null || typeof tagged !== 'object') return tagged;
  if (Array.isArray(tagged)) {
    const result: unknown[] = new Array(tagged.length);
    tagged.forEach((item, index) => {
      if (!isTag(item, '$hole')) result[index] = fromTagged(item);
    });
    return result;
  }
  const [first] = Object.keys(tagged);
  if (first === undefined || !first.startsWith('$')) return mapValues(tagged, {});
  const payload = tagged[first];
  switch (first) {
    case '$object':
      return mapValues(record(payload), {});
    case '$nullObject':
      return mapValues(record(payload), Object.create(null) as Record<string, unknown>);
    case '$number':
      return payload === '-0' ? -0 : Number(payload);
    case '$undefined':
      return undefined;
    case '$bigint':
      return BigInt(payload as string);
    case '$buffer':
      // Not Buffer.from(base64): a short one would be a view into Node's shared 8 KiB pool.
      return Buffer.from(ownArrayBuffer(payload as string));
    case '$typedArray':
      return new (known(TYPED_ARRAYS, payload))(ownArrayBuffer(tagged.bytes as string));
    case '$dataView':
      return new DataView(ownArrayBuffer(payload as string));
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
    case '$regexpAt': {
      const regexp = new RegExp(payload as string, field(tagged, 'flags') as string);
      regexp.lastIndex = fromTagged(field(tagged, 'lastIndex')) as number;
      return regexp;
    }
    case '$url':
      return new URL(payload as string);
    case '$urlSearchParams':
      return new URLSearchParams(text(payload));
    case '$boxed':
      return box(payload, fromTagged(field(tagged, 'value')));
    case '$nativeError':
      return nativeError(payload, record(field(tagged, 'hidden')), record(field(tagged, 'props')));
    case '$error': {
      // Written by earlier versions, which kept only these three: read as they always were.
      const error = new Error(tagged.message as string);
      error.name = payload as string;
      error.stack = tagged.stack as string;
      return error;
    }
    default:
      throw corrupt(`unknown tag ${first}; the record was written by a newer version`);
  }
}

function nativeError(name: Tagged, hidden: Record<string, Tagged>, props: Record<string, Tagged>): Error {
  const ErrorClass = known(ERROR_CLASSES, name);
  const error: Error = ErrorClass === AggregateError ? new AggregateError([]) : new (ErrorClass as ErrorConstructor)();
  // A fresh error has a stack of its own (and an AggregateError its `errors`): only what was written stays.
  for (const key of Reflect.ownKeys(error)) {
    if (typeof key === 'string' && !Object.hasOwn(hidden, key))
      delete (error as unknown as Record<string, unknown>)[key];
  }
  for (const key of Object.keys(hidden)) setHidden(error, key, fromTagged(hidden[key]));
  for (const key of Object.keys(props)) {
    Object.defineProperty(error, key, {
      value: fromTagged(props[key]),
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }
  return error;
}

/**
 * Sets a property the built-in error classes make non-enumerable as a fresh error of this Node has it: `stack`
 * is a data property up to Node 20 and an accessor from Node 22 (V8 12), whose setter keeps the value.
 */
function setHidden(error: Error, key: string, value: unknown): void {
  const own = Object.getOwnPropertyDescriptor(error, key);
  if (own !== undefined && own.set !== undefined) Reflect.set(error, key, value);
  else Object.defineProperty(error, key, { value, writable: true, enumerable: false, configurable: true });
}

function box(name: Tagged, value: unknown): object {
  const expected = { Number: 'number', String: 'string', Boolean: 'boolean', BigInt: 'bigint' } as Record<
    string,
    string
  >;
  if (typeof name !== 'string' || !Object.hasOwn(expected, name) || typeof value !== expected[name]) {
    throw corrupt(`a boxed ${String(name)} holding a ${typeof value}`);
  }
  return Object(value) as object;
}

// A fresh ArrayBuffer holding exactly the bytes (a Buffer's own may be a shared pool slab).
function ownArrayBuffer(base64: string): ArrayBuffer {
  return new Uint8Array(Buffer.from(base64, 'base64')).buffer;
}

// A "__proto__" key in a record must stay a plain key, never set a prototype: defineProperty for that one key,
// plain assignment (much faster) for the others.
function mapValues(object: Record<string, Tagged>, result: Record<string, unknown>): Record<string, unknown> {
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

function known<T>(table: Readonly<Record<string, T>>, name: Tagged): T {
  if (typeof name !== 'string' || !Object.hasOwn(table, name)) throw corrupt(`unknown type ${JSON.stringify(name)}`);
  return table[name];
}

function field(tagged: { [key: string]: Tagged }, name: string): Tagged {
  if (!Object.hasOwn(tagged, name)) throw corrupt(`a ${Object.keys(tagged)[0]} without its ${name}`);
  return tagged[name];
}

function record(payload: Tagged): Record<string, Tagged> {
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload))
    throw corrupt('an object that is not one');
  return payload;
}

function text(payload: Tagged): string {
  if (typeof payload !== 'string') throw corrupt('a text that is not one');
  return payload;
}

function corrupt(reason: string): SerializationError {
  return new SerializationError(JSON_SERIALIZER_ID, 'record', reason);
}
