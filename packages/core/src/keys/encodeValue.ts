import { Blob } from 'node:buffer';
import { EventEmitter } from 'node:events';
import { UnhashableInputError } from '../errors/UnhashableInputError';
import {
  ANONYMOUS_CLASS,
  binaryTypeName,
  builtinKindOf,
  className,
  isError,
  type BuiltinKind,
} from '../values/builtinKind';
import { anInstanceOf, classInCode } from '../values/describeClass';
import { NO_HOOK, stableFormOf } from './hashers';
import type { HashWriter } from './HashWriter';
import { unseenPropertiesOf } from './unseenProperties';
import { sortedKeys } from './sortedKeys';
import { formatPath, type PathSegment } from './valuePath';
import { Tag } from './valueTags';
import { acquireEntries, releaseEntries } from './writerPool';

/** Deeper nesting than this is refused with a clear error instead of overflowing the stack. */
export const MAX_HASH_DEPTH = 1000;

/** What one encoding pass carries: the objects being visited (for cycles) and the path (for errors). */
export interface EncodeState {
  readonly ancestors: object[];
  readonly path: PathSegment[];
}

/**
 * `encodeValue` for a top-level value (an argument, a policy part, a `stableHash` input). Whatever goes wrong
 * while the value is read becomes an `UnhashableInputError` naming where it happened, never a raw error or a
 * crash: nesting within `MAX_HASH_DEPTH` can still exhaust the call stack (Maps and Sets take more stack per
 * level, and the caller may already be deep), and a getter, a Proxy's trap (every trap of a revoked Proxy), a
 * `[hashKey]()` method or a registered hasher may throw.
 */
export function encodeRoot(writer: HashWriter, value: unknown, state: EncodeState): void {
  try {
    encodeValue(writer, value, state);
  } catch (error) {
    throw asUnhashable(error, state);
  }
}

/**
 * `encodeRoot` of an array flowcache made itself (a call's arguments, as INPUTS keys them): a dense array of this
 * realm with no other property, so the checks `encodeRoot` makes of an array it was given are skipped. The bytes are
 * the same: the array is still the first ancestor, for back-references to it.
 */
export function encodeOwnArray(writer: HashWriter, array: readonly unknown[], state: EncodeState): void {
  try {
    state.ancestors.push(array);
    encodeArray(writer, array, state);
    state.ancestors.pop();
  } catch (error) {
    throw asUnhashable(error, state);
  }
}

// The path and ancestors are left as they were where the error was thrown: the error names that place.
function asUnhashable(error: unknown, state: EncodeState): UnhashableInputError {
  if (isOwnRefusal(error)) return error;
  if (isStackOverflow(error)) {
    const levels = state.ancestors.length;
    return unhashable(state, `it is nested too deeply to hash (the call stack ran out ${levels} levels down)`);
  }
  return unhashable(state, `reading it threw: ${describeThrown(error)}`, error);
}

// What a user's code threw can be a revoked Proxy, which `instanceof` itself throws for.
function isOwnRefusal(error: unknown): error is UnhashableInputError {
  try {
    return error instanceof UnhashableInputError;
  } catch {
    return false;
  }
}

// By name, not instanceof: under jest or a vm the RangeError may come from another realm. What a user's code
// threw may throw again when looked at (a revoked Proxy, a throwing `name` getter): that is no stack overflow.
function isStackOverflow(error: unknown): boolean {
  try {
    return isError(error) && error.name === 'RangeError' && /call stack/i.test(String(error.message));
  } catch {
    return false;
  }
}

// What was thrown may be as hostile as the value that threw it (a Proxy, an object whose toString throws). A
// closing full stop is left off: the error's message goes on after it.
function describeThrown(thrown: unknown): string {
  try {
    const text = isError(thrown) ? `${String(thrown.name)}: ${String(thrown.message)}` : String(thrown);
    return text.replace(/\.$/, '');
  } catch {
    return 'a value that cannot be shown as text';
  }
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
  // By brand, not instanceof: a Date, Map or plain object made in another realm (a vm; jest runs tests in one) is
  // encoded as itself, so an equal value has the same key whichever realm made it.
  const kind = builtinKindOf(value);
  const stableForm = kind === 'array' ? NO_HOOK : stableFormOf(value);
  if (stableForm !== NO_HOOK) {
    writer.byte(Tag.Custom);
    writer.string(className(value));
    state.path.push({ note: '<stable form>' });
    encodeValue(writer, stableForm, state);
    state.path.pop();
    return;
  }
  const unseen = unseenPropertiesOf(value, kind);
  if (unseen === undefined) {
    encodeKind(writer, value, kind, state);
    return;
  }
  // A built-in with properties its own encoding does not show (`'abc'.match(/b/)`'s `index` and `input`, a
  // Date's extra field, a RegExp's `lastIndex`) is written as Tag.WithProperties, its usual encoding, then those
  // properties. Without them the bytes are exactly what they always were, so stored keys stay valid. The tag
  // comes first, not after the usual encoding: no encoding of a value has ever started with it, so a reader of
  // the bytes always knows which of the two it is reading, while a section appended at the end could be taken for
  // what follows the value in its parent (the next key of an object starts with a length, whose first byte may
  // be any number).
  writer.byte(Tag.WithProperties);
  encodeKind(writer, value, kind, state);
  encodeProperties(writer, value, state, unseen);
}

function encodeKind(writer: HashWriter, value: object, kind: BuiltinKind, state: EncodeState): void {
  switch (kind) {
    case 'array':
      return encodeArray(writer, value as unknown[], state);
    case 'binary':
      return encodeBinary(writer, value as ArrayBufferView | ArrayBufferLike);
    case 'date':
      writer.byte(Tag.Date);
      encodeNumber(writer, (value as Date).getTime());
      return;
    case 'regexp':
      writer.byte(Tag.RegExp);
      writer.string((value as RegExp).source);
      writer.string((value as RegExp).flags);
      return;
    case 'url':
      writer.byte(Tag.Url);
      writer.string((value as URL).href);
      return;
    case 'urlSearchParams':
      // Its canonical query string: entries in order, as a server would read them.
      writer.byte(Tag.UrlSearchParams);
      writer.string((value as URLSearchParams).toString());
      return;
    case 'map':
      return encodeUnordered(writer, Tag.Map, value as Map<unknown, unknown>, state);
    case 'set':
      return encodeUnordered(writer, Tag.Set, value as Set<unknown>, state);
    case 'error':
      return encodeError(writer, value as Error, state);
    case 'boxed':
      writer.byte(Tag.Boxed);
      encodeValue(writer, value.valueOf(), state);
      return;
    case 'promise':
      throw unhashable(state, 'a Promise has no value yet; await it before the call');
    case 'weak':
      throw unhashable(state, `${anInstanceOf(className(value))} cannot be enumerated`);
    case 'generator':
      throw unhashable(state, 'a generator is consumed by reading it');
    case 'plainObject':
      writer.byte(Tag.Object);
      encodeProperties(writer, value, state);
      return;
    case 'instance': {
      if (value instanceof Headers) return encodeHeaders(writer, value);
      const keys = Object.keys(value);
      refuseHiddenState(value, keys, state);
      writer.byte(Tag.Instance);
      writer.string(className(value));
      encodeProperties(writer, value, state, keys);
      return;
    }
  }
}

// Its entries as the Fetch standard iterates them: names lower-cased and sorted, values of a name combined, so
// headers that a server reads alike share a key.
function encodeHeaders(writer: HashWriter, headers: Headers): void {
  const entries = [...headers];
  writer.byte(Tag.Headers);
  writer.uint32(entries.length);
  for (const [name, value] of entries) {
    writer.string(name);
    writer.string(value);
  }
}

// Raw bytes with the type read from the brand, so a planted `constructor` cannot make a Uint8Array pass for a
// Float64Array of the same bytes.
function encodeBinary(writer: HashWriter, value: ArrayBufferView | ArrayBufferLike): void {
  writer.byte(Tag.Binary);
  writer.string(binaryTypeName(value));
  writer.bytes(ArrayBuffer.isView(value) ? value : new Uint8Array(value));
}

function encodeError(writer: HashWriter, value: Error, state: EncodeState): void {
  // The class, not only `name`: `class NotFound extends Error {}` keeps the name "Error".
  writer.byte(Tag.Error);
  writer.string(className(value));
  for (const field of ['name', 'message', 'cause'] as const) {
    state.path.push(field);
    encodeValue(writer, (value as unknown as Record<string, unknown>)[field], state);
    state.path.pop();
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

function encodeProperties(writer: HashWriter, value: object, state: EncodeState, ownKeys = Object.keys(value)): void {
  const keys = sortedKeys(ownKeys);
  writer.uint32(keys.length);
  for (const key of keys) {
    writer.string(key);
    state.path.push(key);
    encodeValue(writer, (value as Record<string, unknown>)[key], state);
    state.path.pop();
  }
}

// Each entry is encoded on its own and the encodings are written in byte order (see UnorderedEntries), so
// insertion order cannot change the key.
function encodeUnordered(
  writer: HashWriter,
  tag: number,
  collection: Map<unknown, unknown> | Set<unknown>,
  state: EncodeState,
): void {
  const entries = acquireEntries();
  try {
    const entryWriter = entries.writer;
    const isMap = tag === Tag.Map;
    for (const [key, entry] of collection.entries()) {
      if (isMap) {
        state.path.push(new EntryNote('Map key', key));
        encodeValue(entryWriter, key, state);
        state.path.pop();
      }
      state.path.push(new EntryNote(isMap ? 'Map value at' : 'Set element', key));
      encodeValue(entryWriter, entry, state);
      state.path.pop();
      entries.endEntry();
    }
    writer.byte(tag);
    writer.uint32(entries.count);
    entries.writeSorted(writer);
  } finally {
    releaseEntries(entries);
  }
}

/** Where an entry's key or value sits, put in words only when an error names the path. */
class EntryNote {
  constructor(
    private readonly place: string,
    private readonly key: unknown,
  ) {}

  get note(): string {
    return `<${this.place} ${describeKey(this.key)}>`;
  }
}

/**
 * Refuses an instance whose state its own enumerable properties do not show, which would otherwise share one key
 * with every other instance of its class: an instance with no such property keeps its state in `#private` fields
 * or internal slots (a KeyObject, an AbortSignal, a stream), or has none that anyone can tell from those. An
 * instance with own properties and `#private` fields as well cannot be told apart from a plain data class.
 */
function refuseHiddenState(value: object, ownKeys: readonly string[], state: EncodeState): void {
  // EventEmitter and Blob are Node classes, not per-realm built-ins: there is one of each per process, shared by
  // every context that has them, and no brand to read. Duck-typing (`on` and `emit` methods) would refuse
  // innocent classes.
  if (value instanceof EventEmitter) {
    throw unhashable(state, `${anInstanceOf(className(value))} is a live object (stream, socket or emitter)`);
  }
  if (value instanceof Blob) {
    throw unhashable(
      state,
      `${anInstanceOf(className(value))}'s contents can only be read ` +
        `asynchronously; pass its bytes (new Uint8Array(await blob.arrayBuffer()))`,
    );
  }
  if (ownKeys.length === 0) {
    const name = className(value);
    const every = name === ANONYMOUS_CLASS ? 'every instance of its class' : `every ${name}`;
    throw unhashable(
      state,
      `${anInstanceOf(name)} has no own enumerable properties, so its state is not visible to flowcache (#private ` +
        `fields or internal slots) and ${every} would share one key; give flowcache a stable form with ` +
        `registerHasher(${classInCode(name)}, (value) => ...) or pass plain data`,
    );
  }
}

function describeKey(key: unknown): string {
  if (typeof key === 'string') return JSON.stringify(key);
  if (typeof key === 'number' || typeof key === 'boolean' || typeof key === 'bigint') return String(key);
  return `of type ${key === null ? 'null' : typeof key}`;
}

function unhashable(state: EncodeState, reason: string, cause?: unknown): UnhashableInputError {
  return new UnhashableInputError(
    formatPath(state.path),
    reason,
    undefined,
    cause === undefined ? undefined : { cause },
  );
}
