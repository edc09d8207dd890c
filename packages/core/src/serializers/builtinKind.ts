import { types } from 'node:util';

/** The built-in error classes a serializer can rebuild by name: the class of a subclass is not known at read time. */
export const BUILTIN_ERROR_NAMES = [
  'Error',
  'TypeError',
  'RangeError',
  'SyntaxError',
  'ReferenceError',
  'EvalError',
  'URIError',
  'AggregateError',
] as const;
export type BuiltinErrorName = (typeof BUILTIN_ERROR_NAMES)[number];

/**
 * What an object is, told by its brand (`node:util` `types`, the typed-array tag) and by whether its prototype is
 * the built-in's own prototype in some realm — never by `instanceof`, which fails for a Date made in a `vm`
 * context (jest runs every test file in one). A subclass of a built-in, or an object of any other class, is an
 * `instance`: no serializer here could bring its class back.
 */
export type BuiltinKind =
  | { readonly kind: 'object' | 'nullObject' | 'array' | 'date' | 'map' | 'set' | 'regexp' }
  | { readonly kind: 'buffer' | 'arrayBuffer' | 'sharedArrayBuffer' | 'dataView' | 'url' | 'urlSearchParams' }
  | { readonly kind: 'typedArray'; readonly name: string }
  | { readonly kind: 'boxed'; readonly name: 'Number' | 'String' | 'Boolean' | 'BigInt' }
  | { readonly kind: 'error'; readonly name: BuiltinErrorName }
  | { readonly kind: 'promise' }
  | { readonly kind: 'instance'; readonly name: string };

const NATIVE_CODE = /\{\s*\[native code\]\s*\}\s*$/;

export function builtinKind(value: object): BuiltinKind {
  const prototype: object | null = Object.getPrototypeOf(value);
  if (prototype === null) return { kind: 'nullObject' };
  // Buffer, URL and URLSearchParams are Node's own classes, shared by every realm of the process.
  if (Buffer.isBuffer(value) && prototype === Buffer.prototype) return { kind: 'buffer' };
  if (prototype === URL.prototype) return { kind: 'url' };
  if (prototype === URLSearchParams.prototype) return { kind: 'urlSearchParams' };
  const name = intrinsicName(prototype);
  const exactly = <K extends BuiltinKind>(expected: string, kind: K): BuiltinKind =>
    name === expected ? kind : instanceOf(prototype);
  if (Array.isArray(value)) return exactly('Array', { kind: 'array' });
  if (types.isDate(value)) return exactly('Date', { kind: 'date' });
  if (types.isMap(value)) return exactly('Map', { kind: 'map' });
  if (types.isSet(value)) return exactly('Set', { kind: 'set' });
  if (types.isRegExp(value)) return exactly('RegExp', { kind: 'regexp' });
  if (types.isNativeError(value)) {
    const errorName = BUILTIN_ERROR_NAMES.find((builtin) => builtin === name);
    return errorName === undefined ? instanceOf(prototype) : { kind: 'error', name: errorName };
  }
  if (types.isBoxedPrimitive(value)) {
    const boxed = types.isNumberObject(value)
      ? 'Number'
      : types.isStringObject(value)
        ? 'String'
        : types.isBooleanObject(value)
          ? 'Boolean'
          : types.isBigIntObject(value)
            ? 'BigInt'
            : undefined;
    return boxed === undefined ? instanceOf(prototype) : exactly(boxed, { kind: 'boxed', name: boxed });
  }
  if (types.isArrayBuffer(value)) return exactly('ArrayBuffer', { kind: 'arrayBuffer' });
  if (types.isSharedArrayBuffer(value)) return { kind: 'sharedArrayBuffer' };
  if (types.isTypedArray(value)) {
    const brand = Object.prototype.toString.call(value).slice(8, -1);
    return exactly(brand, { kind: 'typedArray', name: brand });
  }
  if (types.isDataView(value)) return exactly('DataView', { kind: 'dataView' });
  if (types.isPromise(value)) return { kind: 'promise' };
  if (name === 'Object' && Object.getPrototypeOf(prototype) === null) return { kind: 'object' };
  return instanceOf(prototype);
}

// Looked up once per prototype: a result with many rows has few prototypes.
const intrinsicNames = new WeakMap<object, string | null>();

/**
 * The name of the built-in constructor whose own `prototype` this is, in whichever realm: its `constructor` is a
 * native function pointing back at it. A class written in JavaScript (a user's, or one of Node's) is never native.
 */
function intrinsicName(prototype: object): string | undefined {
  let name = intrinsicNames.get(prototype);
  if (name === undefined) {
    const constructor: unknown = Object.getOwnPropertyDescriptor(prototype, 'constructor')?.value;
    const native =
      typeof constructor === 'function' &&
      Object.getOwnPropertyDescriptor(constructor, 'prototype')?.value === prototype &&
      NATIVE_CODE.test(Function.prototype.toString.call(constructor));
    name = native ? constructor.name : null;
    intrinsicNames.set(prototype, name);
  }
  return name ?? undefined;
}

function instanceOf(prototype: object): BuiltinKind {
  const constructor: unknown = Object.getOwnPropertyDescriptor(prototype, 'constructor')?.value;
  const name = typeof constructor === 'function' && constructor.name !== '' ? constructor.name : 'anonymous class';
  return { kind: 'instance', name };
}
