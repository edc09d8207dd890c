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
 * - `error`: see `isError`.
 * - `weak`: a WeakMap, WeakSet or WeakRef, whose contents cannot be enumerated.
 * - `url` and `urlSearchParams`: Node's WHATWG classes, of which a process (or worker) has exactly one, shared
 *   by every context that has them; so `instanceof` is sound for them.
 * - `instance`: anything else, such as an instance of a class.
 *
 * An object whose prototype is `null` or some realm's `Object.prototype` is plain (only a built-in whose prototype
 * was swapped could carry a brand as well). For any other object, brands win over the prototype chain: a
 * `class Table extends Map` is a Map. An object with no brand keeps the kind this realm's `instanceof` gave it, as
 * before brands were read: a `Proxy` of a Map (a reactive store's, which forwards every method) stays a Map.
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

/** The kind of an object, the same whichever realm made it. */
export function builtinKindOf(value: object): BuiltinKind {
  if (Array.isArray(value)) return 'array';
  if (hasPlainPrototype(value)) return 'plainObject';
  // Brands are exclusive (no object holds the slots of two built-ins), so their order does not matter.
  if (types.isDate(value)) return 'date';
  if (ArrayBuffer.isView(value) || types.isAnyArrayBuffer(value)) return 'binary';
  if (types.isMap(value)) return 'map';
  if (types.isSet(value)) return 'set';
  if (types.isNativeError(value)) return 'error';
  if (types.isRegExp(value)) return 'regexp';
  if (types.isBoxedPrimitive(value)) return 'boxed';
  if (types.isPromise(value)) return 'promise';
  if (types.isWeakMap(value) || types.isWeakSet(value) || isWeakRef(value)) return 'weak';
  if (types.isGeneratorObject(value)) return 'generator';
  return inheritedKind(value) ?? 'instance';
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

/** Whether `value` is a plain object: not an array, and its prototype is `null` or some realm's `Object.prototype`. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && hasPlainPrototype(value);
}

function hasPlainPrototype(value: object): boolean {
  const prototype: object | null = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) return true;
  return Object.getPrototypeOf(prototype) === null && isObjectPrototypeOfAnyRealm(prototype);
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

/** Some realm's `Object.prototype` (the caller saw that its own prototype is `null`): that realm's `Object`'s. */
function isObjectPrototypeOfAnyRealm(prototype: object): boolean {
  if (objectPrototypes.has(prototype)) return true;
  if (!isPrototypeOfNative(prototype, 'Object')) return false;
  objectPrototypes.add(prototype);
  return true;
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
    if (parentIsForeignRoot && isErrorPrototypeOfAnyRealm(prototype)) return true;
    prototype = parent;
  }
  return false;
}

function isErrorPrototypeOfAnyRealm(prototype: object): boolean {
  if (errorPrototypes.has(prototype)) return true;
  if (!isPrototypeOfNative(prototype, 'Error')) return false;
  errorPrototypes.add(prototype);
  return true;
}

// Prototypes once confirmed to be some realm's `Object.prototype` or `Error.prototype`. They stay what they are
// (`Object.prototype`'s own prototype cannot even be changed), so the check runs once per realm.
const objectPrototypes = new WeakSet<object>();
const errorPrototypes = new WeakSet<object>();

/**
 * Whether `prototype` is the `prototype` of a realm's own (native) constructor called `name`. Only the engine
 * makes functions whose source reads `function Error() { [native code] }`: a user's function shows its source, a
 * bound function or a Proxy of one has no name there. Data properties are read, so no user getter runs.
 */
function isPrototypeOfNative(prototype: object, name: 'Object' | 'Error'): boolean {
  const constructor: unknown = Object.getOwnPropertyDescriptor(prototype, 'constructor')?.value;
  if (typeof constructor !== 'function') return false;
  if (Object.getOwnPropertyDescriptor(constructor, 'name')?.value !== name) return false;
  if (Object.getOwnPropertyDescriptor(constructor, 'prototype')?.value !== prototype) return false;
  return Function.prototype.toString.call(constructor) === `function ${name}() { [native code] }`;
}
