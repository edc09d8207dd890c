import { deserialize, serialize } from 'node:v8';
import { binaryTypeName, builtinErrorName, exactBuiltinKindOf } from '../values/builtinKind';

/**
 * Whether Node's v8 deserializer builds values in the realm this module runs in. It builds them in the main
 * context; when flowcache is loaded inside a `vm` context (jest runs every test file in one), a Date it returns
 * would not be `instanceof Date` there.
 */
const V8_BUILDS_IN_THIS_REALM = Object.getPrototypeOf(deserialize(serialize({}))) === Object.prototype;

/**
 * A value read by Node's v8 deserializer, rebuilt with this realm's built-ins when it was built in another one
 * (shared references and cycles kept); returned as it is otherwise, at no cost.
 */
export function adoptIntoThisRealm(value: unknown): unknown {
  return V8_BUILDS_IN_THIS_REALM ? value : adopt(value, new Map());
}

function adopt(value: unknown, adopted: Map<object, unknown>): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (adopted.has(value)) return adopted.get(value);
  const kind = exactBuiltinKindOf(value);
  const keep = <T>(copy: T): T => {
    adopted.set(value, copy);
    return copy;
  };
  switch (kind) {
    case 'plainObject':
    case 'array': {
      const copy = keep(kind === 'array' ? new Array((value as unknown[]).length) : {}) as Record<string, unknown>;
      for (const key of Object.keys(value)) {
        const item = adopt((value as Record<string, unknown>)[key], adopted);
        Object.defineProperty(copy, key, { value: item, writable: true, enumerable: true, configurable: true });
      }
      return copy;
    }
    case 'date':
      return keep(new Date(Date.prototype.getTime.call(value)));
    case 'regexp':
      return keep(new RegExp((value as RegExp).source, (value as RegExp).flags));
    case 'map': {
      const copy = keep(new Map());
      for (const [key, item] of value as Map<unknown, unknown>) copy.set(adopt(key, adopted), adopt(item, adopted));
      return copy;
    }
    case 'set': {
      const copy = keep(new Set());
      for (const item of value as Set<unknown>) copy.add(adopt(item, adopted));
      return copy;
    }
    case 'boxed':
      return keep(Object(value.valueOf()));
    case 'error':
      return adoptError(value as Error, builtinErrorName(value)!, adopted, keep);
    case 'binary':
      return keep(adoptBinary(value as ArrayBufferView | ArrayBufferLike));
    default:
      // Nothing the v8 serializer would have written.
      return keep(value);
  }
}

function adoptBinary(value: ArrayBufferView | ArrayBufferLike): unknown {
  const type = binaryTypeName(value);
  switch (type) {
    case 'Buffer':
    case 'SharedArrayBuffer':
      // Node's Buffer is shared by every realm; v8 never writes shared memory.
      return value;
    case 'ArrayBuffer':
      return value instanceof ArrayBuffer ? value : copyOfBytes(new Uint8Array(value as ArrayBufferLike));
    case 'DataView':
      return value instanceof DataView ? value : new DataView(copyOfBytes(value as DataView));
    default: {
      const TypedArray = (globalThis as unknown as Record<string, new (bytes: ArrayBufferLike) => ArrayBufferView>)[
        type
      ];
      if (Object.getPrototypeOf(value) === TypedArray.prototype) return value;
      return new TypedArray(copyOfBytes(value as ArrayBufferView));
    }
  }
}

function adoptError(error: Error, name: string, adopted: Map<object, unknown>, keep: <T>(copy: T) => T): Error {
  const ErrorClass = (globalThis as unknown as Record<string, ErrorConstructor>)[name];
  const copy = keep(new ErrorClass());
  for (const key of Reflect.ownKeys(copy)) if (!Object.hasOwn(error, key)) Reflect.deleteProperty(copy, key);
  for (const key of Reflect.ownKeys(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key)!;
    // Node 22+ makes `stack` an accessor: set through this realm's own one rather than copy another realm's.
    if (!('value' in descriptor)) Reflect.set(copy, key, Reflect.get(error, key));
    else Object.defineProperty(copy, key, { ...descriptor, value: adopt(descriptor.value, adopted) });
  }
  return copy;
}

function copyOfBytes(view: ArrayBufferView): ArrayBuffer {
  return new Uint8Array(new Uint8Array(view.buffer, view.byteOffset, view.byteLength)).buffer;
}
