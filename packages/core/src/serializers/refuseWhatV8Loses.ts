import type { PathSegment } from '../keys/valuePath';
import { binaryTypeName, boxedTypeName, builtinErrorName, className, exactBuiltinKindOf } from '../values/builtinKind';
import { withArticle } from '../values/describeClass';
import {
  describeProperty,
  isPlainData,
  namedKeys,
  NOTHING,
  unkeptBeyondElements,
  unkeptProperty,
} from './ownProperties';
import { instanceCannotComeBack, refuse as refuseWith, ROOT, WHAT_TO_DO, type Where } from './refusal';
import { unkeptBinary } from './unkeptBinary';

export const V8_SERIALIZER_ID = 'v8';

// The views Node's v8 serializer writes by type on every supported Node version.
const V8_VIEWS = new Set([
  'Buffer',
  'DataView',
  'Int8Array',
  'Uint8Array',
  'Uint8ClampedArray',
  'Int16Array',
  'Uint16Array',
  'Int32Array',
  'Uint32Array',
  'Float32Array',
  'Float64Array',
  'BigInt64Array',
  'BigUint64Array',
]);

/**
 * Throws a `SerializationError` naming the path of the first part of `value` that Node's structured clone would
 * not bring back as it was (checked on Node 20): it makes class instances and null-prototype objects plain
 * objects, URL and URLSearchParams `{}`, Error subclasses and AggregateError plain `Error`s; it drops symbol
 * keys, non-enumerable properties, getters (keeping their current value), own properties of Dates, Maps, Sets,
 * RegExps, typed arrays and errors (`status`, `code`), and a RegExp's `lastIndex`; it turns an error's `message`
 * into a string and its `cause` non-enumerable. Each object is visited once: v8 keeps shared references and cycles.
 */
export function refuseWhatV8Loses(value: unknown): void {
  visit(value, ROOT, new Set());
}

function visit(value: unknown, where: Where, seen: Set<object>): void {
  if (typeof value === 'function' || typeof value === 'symbol') {
    throw refuse(where, `a ${typeof value} cannot be stored; ${WHAT_TO_DO.v8}`);
  }
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  const child = (item: unknown, segment: PathSegment) => {
    if (typeof item === 'object' || typeof item === 'function' || typeof item === 'symbol')
      visit(item, { parent: where, segment }, seen);
  };
  const refuseExtraProperties = (what: string, unkept: string | undefined) => {
    if (unkept !== undefined) throw refuse(where, `${what} would come back without ${unkept}; ${WHAT_TO_DO.v8}`);
  };
  // Own enumerable data properties only, each read once.
  const visitDataProperties = (what: string, keys: (string | symbol)[]) => {
    for (const key of keys) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (typeof key === 'symbol' || descriptor === undefined || !isPlainData(descriptor)) {
        refuseExtraProperties(what, describeProperty(key, descriptor));
      } else child(descriptor.value, key);
    }
  };
  switch (exactBuiltinKindOf(value)) {
    case 'plainObject':
      if (Object.getPrototypeOf(value) === null) {
        throw refuse(where, `an object with a null prototype would come back with Object.prototype; ${WHAT_TO_DO.v8}`);
      }
      return visitDataProperties('an object', Reflect.ownKeys(value));
    case 'array': {
      // v8 keeps holes and an array's enumerable named properties.
      const array = value as unknown[];
      visitDataProperties('an array', namedKeys(value));
      for (let index = 0; index < array.length; index++) child(array[index], index);
      return;
    }
    case 'binary': {
      const type = binaryTypeName(value as ArrayBufferView | ArrayBufferLike);
      if (ArrayBuffer.isView(value) && !V8_VIEWS.has(type)) {
        throw refuse(where, `${withArticle(type)} is not kept by every Node version's v8 serializer; ${WHAT_TO_DO.v8}`);
      }
      const unkept = unkeptBinary(value as ArrayBufferView | ArrayBufferLike, type, WHAT_TO_DO.v8);
      if (unkept !== undefined) throw refuse(where, unkept);
      return;
    }
    case 'date':
      return refuseExtraProperties('a Date', unkeptProperty(value, NOTHING));
    case 'map':
      refuseExtraProperties('a Map', unkeptProperty(value, NOTHING));
      [...(value as Map<unknown, unknown>)].forEach(([key, item], index) => {
        child(key, { note: `<Map key ${index}>` });
        child(item, { note: `<Map value ${index}>` });
      });
      return;
    case 'set':
      refuseExtraProperties('a Set', unkeptProperty(value, NOTHING));
      [...(value as Set<unknown>)].forEach((item, index) => {
        child(item, { note: `<Set element ${index}>` });
      });
      return;
    case 'regexp': {
      refuseExtraProperties(
        'a RegExp',
        unkeptProperty(value, (key) => key === 'lastIndex'),
      );
      const { lastIndex } = value as RegExp;
      if (lastIndex !== 0) {
        throw refuse(
          where,
          `a RegExp would come back with lastIndex 0, not ${String(lastIndex)}; use the JSON serializer`,
        );
      }
      return;
    }
    case 'boxed':
      return refuseExtraProperties(`a ${boxedTypeName(value)!} object`, unkeptBeyondElements(value, NOTHING));
    case 'error':
      return refuseErrorV8Loses(value as Error, builtinErrorName(value)!, where, child);
    case 'url':
      throw refuse(where, `a URL would come back as an empty object; use the JSON serializer, or return its string`);
    case 'urlSearchParams':
      throw refuse(
        where,
        `a URLSearchParams would come back as an empty object; use the JSON serializer, or return its string`,
      );
    case 'promise':
      throw refuse(where, 'a Promise has no value yet; await it before returning');
    case 'instance':
      throw refuse(where, instanceCannotComeBack(className(value)));
  }
}

/** v8 keeps a built-in error's class (not AggregateError's), its string message, its stack and its `cause`. */
function refuseErrorV8Loses(
  error: Error,
  name: string,
  where: Where,
  child: (item: unknown, segment: PathSegment) => void,
): void {
  if (name === 'AggregateError') {
    throw refuse(where, `an AggregateError would come back as a plain Error without its errors; ${WHAT_TO_DO.v8}`);
  }
  if (!Object.hasOwn(error, 'stack') || typeof Reflect.get(error, 'stack') !== 'string') {
    throw refuse(
      where,
      `${withArticle(name)} without a string stack would come back with an undefined one; ${WHAT_TO_DO.v8}`,
    );
  }
  for (const key of ['message', 'cause']) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    const asMade =
      descriptor === undefined ||
      ('value' in descriptor && !descriptor.enumerable && (key === 'cause' || typeof descriptor.value === 'string'));
    if (!asMade) {
      throw refuse(
        where,
        `${withArticle(name)} whose ${key} is not as its constructor ` +
          `makes it would come back with it changed; ${WHAT_TO_DO.v8}`,
      );
    }
  }
  const unkept = unkeptProperty(error, (key) => key === 'stack' || key === 'message' || key === 'cause');
  if (unkept !== undefined)
    throw refuse(where, `${withArticle(name)} would come back without ${unkept}; ${WHAT_TO_DO.v8}`);
  if (Object.hasOwn(error, 'cause')) child(error.cause, 'cause');
}

function refuse(where: Where, reason: string) {
  return refuseWith(V8_SERIALIZER_ID, where, reason);
}
