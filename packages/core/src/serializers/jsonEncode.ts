import type { PathSegment } from '../keys/valuePath';
import {
  binaryTypeName,
  boxedTypeName,
  builtinErrorName,
  className,
  exactBuiltinKindOf,
  type BoxedTypeName,
  type ExactBuiltinKind,
} from '../values/builtinKind';
import { withArticle } from '../values/describeClass';
import { HIDDEN_ERROR_PROPERTIES, JSON_SERIALIZER_ID, TYPED_ARRAYS, type Tagged } from './jsonTags';
import { describeProperty, isPlainData, NOTHING, unkeptBeyondElements, unkeptProperty } from './ownProperties';
import { instanceCannotComeBack, refuse as refuseWith, ROOT, WHAT_TO_DO, type Where } from './refusal';
import { isPlainJson } from './plainJson';
import { unkeptBinary } from './unkeptBinary';

/**
 * The text `json/v1` writes for a value: `JSON.stringify(toTagged(value))`, made without the tagged copy when the
 * value is plain JSON (see `isPlainJson`), the same text either way. Throws as `toTagged` does.
 */
export function toJsonText(value: unknown): string {
  return JSON.stringify(isPlainJson(value) ? value : toTagged(value));
}

/**
 * A value as `json/v1` writes it, or a `SerializationError` naming the path of the first part it could not bring
 * back exactly as it was (its class, an own property, a symbol key, a cycle).
 */
export function toTagged(value: unknown): Tagged {
  return tag(value, ROOT, []);
}

function tag(value: unknown, where: Where, ancestors: object[]): Tagged {
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
      if (ancestors.includes(value))
        throw refuse(where, "it contains a cycle, which JSON cannot express; use resultSerializer: 'v8'");
      ancestors.push(value);
      try {
        return objectToTagged(value, exactBuiltinKindOf(value), where, ancestors);
      } finally {
        ancestors.pop();
      }
    default:
      throw refuse(where, `a ${typeof value} cannot be stored; ${WHAT_TO_DO.json}`);
  }
}

function objectToTagged(value: object, kind: ExactBuiltinKind, where: Where, ancestors: object[]): Tagged {
  const child = (item: unknown, segment: PathSegment) =>
    typeof item === 'object' || typeof item === 'function' || typeof item === 'symbol'
      ? tag(item, { parent: where, segment }, ancestors)
      : tag(item, where, ancestors); // a primitive is never refused: no need for its own path
  const refuseExtraProperties = (what: string, unkept: string | undefined) => {
    if (unkept !== undefined) throw refuse(where, `${what} would come back without ${unkept}; ${WHAT_TO_DO.json}`);
  };
  switch (kind) {
    case 'plainObject':
      return plainObjectToTagged(value, Object.getPrototypeOf(value) === null, where, child);
    case 'array': {
      refuseExtraProperties('an array', unkeptBeyondElements(value, NOTHING));
      const array = value as unknown[];
      const tagged: Tagged[] = new Array(array.length);
      for (let index = 0; index < array.length; index++) {
        tagged[index] = index in array ? child(array[index], index) : { $hole: true };
      }
      return tagged;
    }
    case 'binary':
      return binaryToTagged(value as ArrayBufferView | ArrayBufferLike, where);
    case 'date': {
      refuseExtraProperties('a Date', unkeptProperty(value, NOTHING));
      const time = Date.prototype.getTime.call(value);
      return { $date: Number.isNaN(time) ? 'Invalid Date' : new Date(time).toISOString() };
    }
    case 'map':
      refuseExtraProperties('a Map', unkeptProperty(value, NOTHING));
      return {
        $map: [...(value as Map<unknown, unknown>)].map(([key, item], index) => [
          child(key, { note: `<Map key ${index}>` }),
          child(item, { note: `<Map value ${index}>` }),
        ]),
      };
    case 'set':
      refuseExtraProperties('a Set', unkeptProperty(value, NOTHING));
      return {
        $set: [...(value as Set<unknown>)].map((item, index) => child(item, { note: `<Set element ${index}>` })),
      };
    case 'regexp': {
      refuseExtraProperties(
        'a RegExp',
        unkeptProperty(value, (key) => key === 'lastIndex'),
      );
      const { source, flags, lastIndex } = value as RegExp;
      // A regexp part-way through a /g or /y search: written with its position under a tag of its own, so an
      // older reader misses the record instead of reading it without the position.
      if (lastIndex === 0) return { $regexp: source, flags };
      return { $regexpAt: source, flags, lastIndex: child(lastIndex, 'lastIndex') };
    }
    case 'url':
      refuseExtraProperties('a URL', unkeptProperty(value, NOTHING));
      return { $url: (value as URL).href };
    case 'urlSearchParams':
      refuseExtraProperties('a URLSearchParams', unkeptProperty(value, NOTHING));
      return { $urlSearchParams: (value as URLSearchParams).toString() };
    case 'boxed': {
      const type = boxedTypeName(value)!;
      refuseExtraProperties(`a ${type} object`, unkeptBeyondElements(value, NOTHING));
      return { $boxed: type, value: child(unbox(value, type), { note: '<boxed value>' }) };
    }
    case 'error':
      return errorToTagged(value as Error, builtinErrorName(value)!, where, child);
    case 'promise':
      throw refuse(where, 'a Promise has no value yet; await it before returning');
    case 'instance':
      throw refuse(where, instanceCannotComeBack(className(value)));
  }
}

/** A Buffer, typed array, DataView or ArrayBuffer as its bytes, with its type. */
function binaryToTagged(value: ArrayBufferView | ArrayBufferLike, where: Where): Tagged {
  const type = binaryTypeName(value);
  const unkept = unkeptBinary(value, type, WHAT_TO_DO.json);
  if (unkept !== undefined) throw refuse(where, unkept);
  switch (type) {
    case 'Buffer':
      return { $buffer: (value as Buffer).toString('base64') };
    case 'DataView':
      return { $dataView: base64(value as DataView) };
    case 'ArrayBuffer':
      return { $arrayBuffer: Buffer.from(value as ArrayBuffer).toString('base64') };
    default:
      if (!Object.hasOwn(TYPED_ARRAYS, type))
        throw refuse(where, `${withArticle(type)} cannot be stored by this Node version`);
      return { $typedArray: type, bytes: base64(value as ArrayBufferView) };
  }
}

/**
 * A plain (or null-prototype) object's own enumerable data properties, read once each. One whose key starts
 * with "$" is wrapped in `$object`, so it is never read back as a tag.
 */
function plainObjectToTagged(
  value: object,
  nullPrototype: boolean,
  where: Where,
  child: (item: unknown, segment: PathSegment) => Tagged,
): Tagged {
  const plain: Record<string, Tagged> = {};
  let looksLikeTag = false;
  for (const key of Reflect.ownKeys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (typeof key === 'symbol' || descriptor === undefined || !isPlainData(descriptor)) {
      throw refuse(where, `an object would come back without ${describeProperty(key, descriptor)}; ${WHAT_TO_DO.json}`);
    }
    const tagged = child(descriptor.value, key);
    // A "__proto__" key must stay a key of its own, never set the prototype of what is written.
    if (key === '__proto__')
      Object.defineProperty(plain, key, { value: tagged, enumerable: true, writable: true, configurable: true });
    else plain[key] = tagged;
    looksLikeTag ||= key.startsWith('$');
  }
  if (nullPrototype) return { $nullObject: plain };
  return looksLikeTag ? { $object: plain } : plain;
}

/**
 * A built-in error with its class, message, stack, `cause`, `errors` (AggregateError) and its enumerable own
 * data properties (`status`, `code`, a system error's `errno`), each tagged like any other value.
 */
function errorToTagged(
  error: Error,
  name: string,
  where: Where,
  child: (item: unknown, segment: PathSegment) => Tagged,
): Tagged {
  const hidden: Record<string, Tagged> = {};
  const props: Record<string, Tagged> = {};
  for (const key of Reflect.ownKeys(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, key);
    const standard =
      typeof key === 'string' && HIDDEN_ERROR_PROPERTIES.includes(key) && descriptor?.enumerable === false;
    if (standard && ('value' in descriptor || key === 'stack')) {
      // V8 may make `stack` an accessor; its value is what a reader sees.
      Object.defineProperty(hidden, key, { value: child(Reflect.get(error, key), key), enumerable: true });
    } else if (typeof key === 'string' && descriptor !== undefined && isPlainData(descriptor)) {
      Object.defineProperty(props, key, { value: child(descriptor.value, key), enumerable: true });
    } else {
      throw refuse(
        where,
        `${withArticle(name)} would come back without ${describeProperty(key, descriptor)}; ${WHAT_TO_DO.json}`,
      );
    }
  }
  return { $nativeError: name, hidden, props };
}

function unbox(value: object, name: BoxedTypeName): unknown {
  switch (name) {
    case 'Number':
      return Number.prototype.valueOf.call(value);
    case 'String':
      return String.prototype.valueOf.call(value);
    case 'Boolean':
      return Boolean.prototype.valueOf.call(value);
    case 'BigInt':
      return BigInt.prototype.valueOf.call(value);
  }
}

function base64(view: ArrayBufferView): string {
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64');
}

function refuse(where: Where, reason: string) {
  return refuseWith(JSON_SERIALIZER_ID, where, reason);
}
