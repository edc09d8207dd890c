import { EventEmitter } from 'node:events';
import { types } from 'node:util';
import { UnhashableInputError } from '../errors/UnhashableInputError';
import { NO_HOOK, stableFormOf } from './hashers';
import type { HashWriter } from './HashWriter';
import { formatPath, type PathSegment } from './valuePath';
import { withWriter } from './writerPool';

// One byte before every value says what it is, so 1, '1', 1n and true never feed the same bytes.
// Never renumber a tag: it would change every key already stored.
const Tag = {
  Undefined: 1,
  Null: 2,
  True: 3,
  False: 4,
  Number: 5,
  NaN: 6,
  BigInt: 7,
  String: 8,
  Array: 9,
  Hole: 10,
  Object: 11,
  Instance: 12,
  Map: 13,
  Set: 14,
  Date: 15,
  RegExp: 16,
  Url: 17,
  Binary: 18,
  Error: 19,
  Boxed: 20,
  Cycle: 21,
  Custom: 22,
} as const;

/** Deeper nesting than this is refused with a clear error instead of overflowing the stack. */
export const MAX_HASH_DEPTH = 1000;

/** What one encoding pass carries: the objects being visited (for cycles) and the path (for errors). */
export interface EncodeState {
  readonly ancestors: object[];
  readonly path: PathSegment[];
}

/**
 * `encodeValue` for a top-level value (an argument, a policy part, a `stableHash` input). Nesting within
 * `MAX_HASH_DEPTH` can still exhaust the call stack (Maps and Sets take more stack per level, and the caller may
 * already be deep): that `RangeError` becomes an `UnhashableInputError` naming where it ran out, never a crash.
 */
export function encodeRoot(writer: HashWriter, value: unknown, state: EncodeState): void {
  try {
    encodeValue(writer, value, state);
  } catch (error) {
    // The path and ancestors are left as they were where the stack ran out: the error names that place.
    if (isStackOverflow(error)) {
      throw unhashable(state, `it is nested too deeply to hash (the call stack ran out ${state.ancestors.length} levels down)`);
    }
    throw error;
  }
}

// By name, not instanceof: under jest or a vm the RangeError may come from another realm.
function isStackOverflow(error: unknown): boolean {
  return error instanceof Object && (error as Error).name === 'RangeError' && /call stack/i.test(String((error as Error).message));
}

/**
 * Writes a canonical, type-tagged encoding of `value`: object keys sorted, Map and Set independent of insertion
 * order, binary data raw with its type name, cycles as a back-reference to the ancestor they close on. Equal
 * values (`-0` equals `0`, every NaN equals NaN, shared and copied sub-objects alike) give equal bytes.
 */
export function encodeValue(writer: HashWriter, value: unknown, state: EncodeState): void {
  switch (typeof value) {
    case 'string':
      writer.byte(Tag.String);
      writer.string(value);
      return;
    case 'number':
      encodeNumber(writer, value);
      return;
    case 'boolean':
      writer.byte(value ? Tag.True : Tag.False);
      return;
    case 'undefined':
      writer.byte(Tag.Undefined);
      return;
    case 'bigint':
      writer.byte(Tag.BigInt);
      writer.string(value.toString(16));
      return;
    case 'symbol':
      throw unhashable(state, 'a symbol has no stable value across processes');
    case 'function':
      throw unhashable(state, 'a function has no stable value');
    default:
      if (value === null) writer.byte(Tag.Null);
      else encodeObject(writer, value as object, state);
  }
}

function encodeNumber(writer: HashWriter, value: number): void {
  if (Number.isNaN(value)) {
    writer.byte(Tag.NaN);
    return;
  }
  writer.byte(Tag.Number);
  writer.float64(value === 0 ? 0 : value);
}

function encodeObject(writer: HashWriter, value: object, state: EncodeState): void {
  const ancestorIndex = state.ancestors.indexOf(value);
  if (ancestorIndex !== -1) {
    writer.byte(Tag.Cycle);
    writer.uint32(ancestorIndex);
    return;
  }
  if (state.ancestors.length >= MAX_HASH_DEPTH) {
    throw unhashable(state, `it is nested deeper than ${MAX_HASH_DEPTH} levels`);
  }
  state.ancestors.push(value);
  encodeObjectBody(writer, value, state);
  state.ancestors.pop();
}

function encodeObjectBody(writer: HashWriter, value: object, state: EncodeState): void {
  if (Array.isArray(value)) return encodeArray(writer, value, state);
  const stableForm = stableFormOf(value);
  if (stableForm !== NO_HOOK) {
    writer.byte(Tag.Custom);
    writer.string(constructorName(value));
    state.path.push({ note: '<stable form>' });
    encodeValue(writer, stableForm, state);
    state.path.pop();
    return;
  }
  if (ArrayBuffer.isView(value)) {
    writer.byte(Tag.Binary);
    writer.string(value.constructor.name);
    writer.bytes(value);
    return;
  }
  if (types.isAnyArrayBuffer(value)) {
    writer.byte(Tag.Binary);
    writer.string(value.constructor.name);
    writer.bytes(new Uint8Array(value));
    return;
  }
  if (value instanceof Date) {
    writer.byte(Tag.Date);
    encodeNumber(writer, value.getTime());
    return;
  }
  if (value instanceof RegExp) {
    writer.byte(Tag.RegExp);
    writer.string(value.source);
    writer.string(value.flags);
    return;
  }
  if (value instanceof URL) {
    writer.byte(Tag.Url);
    writer.string(value.href);
    return;
  }
  if (value instanceof Map) return encodeUnordered(writer, Tag.Map, value, state);
  if (value instanceof Set) return encodeUnordered(writer, Tag.Set, value, state);
  if (value instanceof Error) {
    // The class, not only `name`: `class NotFound extends Error {}` keeps the name "Error".
    writer.byte(Tag.Error);
    writer.string(constructorName(value));
    for (const field of ['name', 'message', 'cause'] as const) {
      state.path.push(field);
      encodeValue(writer, (value as unknown as Record<string, unknown>)[field], state);
      state.path.pop();
    }
    encodeProperties(writer, value, state);
    return;
  }
  if (types.isBoxedPrimitive(value)) {
    writer.byte(Tag.Boxed);
    encodeValue(writer, value.valueOf(), state);
    return;
  }
  refuseLiveObjects(value, state);
  const prototype = Object.getPrototypeOf(value);
  if (prototype === Object.prototype || prototype === null) {
    writer.byte(Tag.Object);
  } else {
    writer.byte(Tag.Instance);
    writer.string(constructorName(value));
  }
  encodeProperties(writer, value, state);
}

function encodeArray(writer: HashWriter, value: readonly unknown[], state: EncodeState): void {
  writer.byte(Tag.Array);
  writer.uint32(value.length);
  for (let index = 0; index < value.length; index++) {
    if (!(index in value)) {
      writer.byte(Tag.Hole);
      continue;
    }
    state.path.push(index);
    encodeValue(writer, value[index], state);
    state.path.pop();
  }
}

function encodeProperties(writer: HashWriter, value: object, state: EncodeState): void {
  const keys = Object.keys(value).sort();
  writer.uint32(keys.length);
  for (const key of keys) {
    writer.string(key);
    state.path.push(key);
    encodeValue(writer, (value as Record<string, unknown>)[key], state);
    state.path.pop();
  }
}

// Each entry is hashed on its own and the digests are sorted, so insertion order cannot change the key.
function encodeUnordered(
  writer: HashWriter,
  tag: number,
  collection: Map<unknown, unknown> | Set<unknown>,
  state: EncodeState,
): void {
  const digests: Buffer[] = [];
  for (const [key, entry] of collection.entries()) {
    digests.push(
      withWriter((entryWriter) => {
        const label = describeKey(key);
        state.path.push({ note: `<Map key ${label}>` });
        if (tag === Tag.Map) encodeValue(entryWriter, key, state);
        state.path.pop();
        state.path.push({ note: tag === Tag.Map ? `<Map value at ${label}>` : `<Set element ${label}>` });
        encodeValue(entryWriter, entry, state);
        state.path.pop();
        return entryWriter.digestBytes();
      }),
    );
  }
  digests.sort(Buffer.compare);
  writer.byte(tag);
  writer.uint32(digests.length);
  for (const digest of digests) writer.bytes(digest);
}

function refuseLiveObjects(value: object, state: EncodeState): void {
  if (types.isPromise(value)) throw unhashable(state, 'a Promise has no value yet; await it before the call');
  if (value instanceof WeakMap || value instanceof WeakSet || value instanceof WeakRef) {
    throw unhashable(state, `${withArticle(constructorName(value))} cannot be enumerated`);
  }
  if (value instanceof EventEmitter) {
    throw unhashable(state, `${withArticle(constructorName(value))} is a live object (stream, socket or emitter)`);
  }
  if (types.isGeneratorObject(value)) throw unhashable(state, 'a generator is consumed by reading it');
}

function constructorName(value: object): string {
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name !== '' ? name : 'anonymous class';
}

function withArticle(name: string): string {
  return /^[aeiou]/i.test(name) ? `an ${name}` : `a ${name}`;
}

function describeKey(key: unknown): string {
  if (typeof key === 'string') return JSON.stringify(key);
  if (typeof key === 'number' || typeof key === 'boolean' || typeof key === 'bigint') return String(key);
  return `of type ${key === null ? 'null' : typeof key}`;
}

function unhashable(state: EncodeState, reason: string): UnhashableInputError {
  return new UnhashableInputError(formatPath(state.path), reason);
}
