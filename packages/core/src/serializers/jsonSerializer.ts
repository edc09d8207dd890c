import { decodeJsonPayload } from './decodeJsonPayload';
import { toJsonText } from './jsonEncode';
import { JSON_SERIALIZER_ID } from './jsonTags';
import type { Serializer } from './Serializer';

/**
 * The default serializer: JSON that brings back exactly what was written or refuses to write it. Besides JSON
 * values it keeps Date, BigInt, Map, Set, Buffer, typed arrays, DataView, ArrayBuffer, RegExp (with its
 * `lastIndex`), URL, URLSearchParams, boxed primitives, null-prototype objects, the built-in Error classes (with
 * `cause`, `errors` and data properties such as `status`), `undefined`, holes, -0, NaN and ±Infinity, recognising
 * each by brand, so values made in another realm (a `vm` context) are kept too and come back as this realm's.
 * Class instances (`toJSON()` or not), Error subclasses, symbol keys, getters, non-enumerable or extra own
 * properties (on an array, a Date, a Map...), functions, promises and cycles throw a `SerializationError` naming
 * the path. Reading never runs code from the record.
 */
export const jsonSerializer: Serializer = {
  id: JSON_SERIALIZER_ID,
  serialize(value) {
    return Buffer.from(toJsonText(value), 'utf8');
  },
  deserialize(bytes) {
    return decodeJsonPayload(bytes).value;
  },
};
