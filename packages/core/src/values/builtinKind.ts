import { Buffer } from 'node:buffer';
import { URL, URLSearchParams } from 'node:url';
import { types } from 'node:util';

/**
 * What a value is, told by brand (the internal slot a built-in carries, as `node:util` `types` reads it), so that
 * a value made in another realm is recognised as itself. `instanceof` alone cannot do that: every `vm` context
 * has its own `Date`, `Map`, `Object.prototype`..., and jest runs each test file in one, so there a Date made by
 * Node itself (`fs.statSync(file).mtime`) is not `instanceof Date`.
 *
 * - `plainObject`: its prototype is `null` or the `Object.prototype` of any realm.
 * - `binary`: a typed array, Buffer, DataView, ArrayBuffer or SharedArrayBuffer (see `binaryTypeName`).
 * - `boxed`: `new Number(1)`, `Object('s')`, `Object(1n)`... (see `boxedTypeName`).
 * - `error`: see `isError`.
 * - `weak`: a WeakMap, WeakSet or WeakRef, whose contents cannot be enumerated.
 * - `url` and `urlSearchParams`: Node's WHATWG classes, of which a process (or worker) has exactly one, shared
 *   by every context that has them; so `instanceof` is sound for them.
 * - `instance`: anything else, such as an instance of a class.
 */
export type BuiltinKind =
  | 'array'
  | 'plainObject'
  | 'binary'
  | 'date'
  | 'regexp'
  | 'url'
  | 'urlSearchParams'
  | 'map'
  | 'set'
  | 'error'
  | 'boxed'
  | 'promise'
  | 'weak'
  | 'generator'
  | 'instance';

/**
 * The kind of an object, the same whichever realm made it, for what reads a value's contents (keys, sizes).
 * An object whose prototype is `null` or some realm's `Object.prototype` is plain (only a built-in whose prototype
 * was swapped could carry a brand as well). For any other object, brands win over the prototype chain: a
 * `class Table extends Map` is a Map. An object with no brand keeps the kind this realm's `instanceof` gives it:
 * a `Proxy` of a Map (a reactive store's, which forwards every method) is a Map.
 */
export function builtinKindOf(value: object): BuiltinKind {
  if (Array.isArray(value)) return 'array';
  if (hasPlainPrototype(value)) return 'plainObject';
  return brandOf(value) ?? (isWeakRef(value) ? 'weak' : undefined) ?? inheritedKind(value) ?? 'instance';
}

/** The kinds whose class `exactBuiltinKindOf` can tell: weak collections and generators are `instance`s there. */
export type ExactBuiltinKind = Exclude<BuiltinKind, 'weak' | 'generator'>;

/**
 * The kind of an object whose class is exactly the built-in its brand says (its prototype is that built-in's own
 * `prototype` in some realm), for what must bring the value back as it was (the serializers); `instance` for
 * anything else: a subclass of a built-in, a `Proxy` of one, an object made with `Object.create(Map.prototype)`,
 * a built-in whose prototype was swapped, an instance of any other class. A Promise of any class is a `promise`:
 * all there is to say about one is that it has no value yet.
 */
export function exactBuiltinKindOf(value: object): ExactBuiltinKind {
  const prototype: object | null = Object.getPrototypeOf(value);
  const brand = Array.isArray(value) ? 'array' : brandOf(value);
  if (brand === undefined) {
    if (isPlainPrototype(prototype)) return 'plainObject';
    if (prototype === URL.prototype) return 'url';
    if (prototype === URLSearchParams.prototype) return 'urlSearchParams';
    return 'instance';
  }
  if (prototype === null) return 'instance';
  switch (brand) {
    case 'promise':
      return 'promise';
    case 'weak':
    case 'generator':
      return 'instance';
    case 'binary': {
      // Buffer is Node's own class, one per process, and not a native constructor.
      const type = binaryTypeName(value as ArrayBufferView | ArrayBufferLike);
      const exact = type === 'Buffer' ? prototype === Buffer.prototype : intrinsicName(prototype) === type;
      return exact ? 'binary' : 'instance';
    }
    case 'boxed': {
      const type = boxedTypeName(value);
      return type !== undefined && intrinsicName(prototype) === type ? 'boxed' : 'instance';
    }
    case 'error':
      return builtinErrorName(value) !== undefined ? 'error' : 'instance';
    default:
      return intrinsicName(prototype) === CLASS_OF_BRAND[brand] ? brand : 'instance';
  }
}

const CLASS_OF_BRAND = { array: 'Array', date: 'Date', map: 'Map', set: 'Set', regexp: 'RegExp' } as const;

// What the internal slots say, whatever the prototype. Brands are exclusive (no object holds the slots of two
// built-ins), so their order does not matter. A WeakRef's brand is only read where its kind matters (see
// `isWeakRef`): telling it costs a property read, which may run a getter or a Proxy's trap.
function brandOf(
  value: object,
): Exclude<BuiltinKind, 'plainObject' | 'url' | 'urlSearchParams' | 'instance'> | undefined {
  if (types.isDate(value)) return 'date';
  if (ArrayBuffer.isView(value) || types.isAnyArrayBuffer(value)) return 'binary';
  if (types.isMap(value)) return 'map';
  if (types.isSet(value)) return 'set';
  if (types.isNativeError(value)) return 'error';
  if (types.isRegExp(value)) return 'regexp';
  if (types.isBoxedPrimitive(value)) return 'boxed';
  if (types.isPromise(value)) return 'promise';
  if (types.isWeakMap(value) || types.isWeakSet(value)) return 'weak';
  if (types.isGeneratorObject(value)) return 'generator';
  return undefined;
}

// Without a brand, what this realm's `instanceof` says, as before brands were read: a Proxy and objects made with
// `Object.create(Map.prototype)` land here. Node's URL classes have no brand `types` can read.
function inheritedKind(value: object): BuiltinKind | undefined {
  if (value instanceof URL) return 'url';
  if (value instanceof URLSearchParams) return 'urlSearchParams';
  if (value instanceof Date) return 'date';
  if (value instanceof RegExp) return 'regexp';
  if (value instanceof Map) return 'map';
  if (value instanceof Set) return 'set';
  if (inheritsErrorPrototype(value)) return 'error';
  if (value instanceof WeakMap || value instanceof WeakSet || value instanceof WeakRef) return 'weak';
  return undefined;
}

/**
 * Whether a value is an Error of any realm: a native error (V8 brands instances of `Error`, its built-in
 * subclasses and every `class X extends Error`), or an object whose prototype chain reaches the `Error.prototype`
 * of some realm (`Object.create(Error.prototype)`, Node's `DOMException`, whose instances carry no error brand).
 */
export function isError(value: unknown): value is Error {
  return typeof value === 'object' && value !== null && (types.isNativeError(value) || inheritsErrorPrototype(value));
}

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
 * The built-in error class (of any realm) that is exactly the class of this native error; `undefined` for a subclass.
 */
export function builtinErrorName(error: object): BuiltinErrorName | undefined {
  const prototype: object | null = Object.getPrototypeOf(error);
  const name = prototype === null ? undefined : intrinsicName(prototype);
  return BUILTIN_ERROR_NAMES.find((builtin) => builtin === name);
}

// The getter every typed array inherits reads the type from the array's internal slot: neither a subclass nor a
// planted `constructor` property can change what it says, and it answers `undefined` for anything else.
const TypedArrayPrototype: object = Object.getPrototypeOf(Uint8Array.prototype);
const typedArrayTypeOf = Object.getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag)!.get as (
  this: unknown,
) => string | undefined;

/**
 * The type of binary data, read from its brand: `Buffer`, the typed array's type (`Uint8Array`, `Float64Array`,
 * ... also for a subclass of one), `DataView`, `ArrayBuffer` or `SharedArrayBuffer`.
 */
export function binaryTypeName(value: ArrayBufferView | ArrayBufferLike): string {
  // Buffer is Node's own Uint8Array subclass, one class per process: its name has always been part of the key.
  if (Buffer.isBuffer(value)) return 'Buffer';
  const typedArrayType = typedArrayTypeOf.call(value);
  if (typedArrayType !== undefined) return typedArrayType;
  if (types.isDataView(value)) return 'DataView';
  return types.isSharedArrayBuffer(value) ? 'SharedArrayBuffer' : 'ArrayBuffer';
}

export type BoxedTypeName = 'Number' | 'String' | 'Boolean' | 'BigInt';

/** The primitive type a boxed primitive wraps, read from its brand; `undefined` for a boxed Symbol. */
export function boxedTypeName(value: object): BoxedTypeName | undefined {
  if (types.isNumberObject(value)) return 'Number';
  if (types.isStringObject(value)) return 'String';
  if (types.isBooleanObject(value)) return 'Boolean';
  if (types.isBigIntObject(value)) return 'BigInt';
  return undefined;
}

/** What `className` says of a class without a name; keys have always hashed it as this. */
export const ANONYMOUS_CLASS = 'anonymous class';

/** The name of an object's class, as its `constructor` says: for keys (where it has always been this) and messages. */
export function className(value: object): string {
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : ANONYMOUS_CLASS;
}

// `node:util` has no `isWeakRef`. The tag is only a cheap first look (it can be planted); `deref` then checks
// the internal slot, and throws for anything that is not a WeakRef of some realm.
function isWeakRef(value: object): boolean {
  if ((value as { [Symbol.toStringTag]?: unknown })[Symbol.toStringTag] !== 'WeakRef') return false;
  try {
    WeakRef.prototype.deref.call(value as WeakRef<object>);
    return true;
  } catch {
    return false;
  }
}

function hasPlainPrototype(value: object): boolean {
  return isPlainPrototype(Object.getPrototypeOf(value));
}

/** `null`, or some realm's `Object.prototype`: the end of its chain, and `Object`'s own `prototype`. */
function isPlainPrototype(prototype: object | null): boolean {
  if (prototype === Object.prototype || prototype === null) return true;
  return Object.getPrototypeOf(prototype) === null && intrinsicName(prototype) === 'Object';
}

// Prototype chains are finite for ordinary objects; a Proxy could invent an endless one, hence the bound.
const MAX_PROTOTYPE_CHAIN = 100;

function inheritsErrorPrototype(value: object): boolean {
  let prototype: object | null = Object.getPrototypeOf(value);
  for (let depth = 0; prototype !== null && depth < MAX_PROTOTYPE_CHAIN; depth++) {
    if (prototype === Error.prototype) return true;
    const parent: object | null = Object.getPrototypeOf(prototype);
    if (parent === null) return false;
    // A realm's Error.prototype inherits that realm's Object.prototype; when that is ours, it was the check above.
    const parentIsForeignRoot = parent !== Object.prototype && Object.getPrototypeOf(parent) === null;
    if (parentIsForeignRoot && intrinsicName(prototype) === 'Error') return true;
    prototype = parent;
  }
  return false;
}

// Looked up once per prototype: a result with many rows has few prototypes. A realm's intrinsic prototype stays
// what it is (only the engine makes a native constructor, and its `prototype` cannot be reassigned).
const intrinsicNames = new WeakMap<object, string | null>();

/**
 * The name of the built-in constructor whose own `prototype` this is, in whichever realm: `'Map'` for every
 * realm's `Map.prototype`, `undefined` for a class written in JavaScript (a user's, or one of Node's). Only the
 * engine makes functions whose source reads `function Map() { [native code] }`: a user's function shows its
 * source, a bound function or a Proxy of one has no name there. Data properties are read, so no user getter runs.
 */
function intrinsicName(prototype: object): string | undefined {
  let name = intrinsicNames.get(prototype);
  if (name === undefined) {
    name = nativeConstructorName(prototype) ?? null;
    intrinsicNames.set(prototype, name);
  }
  return name ?? undefined;
}

function nativeConstructorName(prototype: object): string | undefined {
  const ownConstructor: unknown = Object.getOwnPropertyDescriptor(prototype, 'constructor')?.value;
  if (typeof ownConstructor !== 'function') return undefined;
  const name: unknown = Object.getOwnPropertyDescriptor(ownConstructor, 'name')?.value;
  if (typeof name !== 'string') return undefined;
  if (Object.getOwnPropertyDescriptor(ownConstructor, 'prototype')?.value !== prototype) return undefined;
  return Function.prototype.toString.call(ownConstructor) === `function ${name}() { [native code] }` ? name : undefined;
}
