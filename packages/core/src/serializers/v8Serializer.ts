import { serialize } from 'node:v8';
import { adoptIntoThisRealm } from './adoptIntoThisRealm';
import { deserializeV8 } from './deserializeV8';
import { refuseWhatV8Loses, V8_SERIALIZER_ID } from './refuseWhatV8Loses';
import type { Serializer } from './Serializer';

/**
 * Node's structured clone format: faster than JSON, and keeps shared references, cycles and extra properties on
 * arrays. What it would not bring back as it was is refused with a `SerializationError` naming the path: class
 * instances, null-prototype objects, URL, URLSearchParams, Error subclasses, AggregateError, errors with data
 * properties of their own (`status`), symbol keys, getters, non-enumerable properties, own properties of Dates,
 * Maps and Sets, a RegExp's `lastIndex`. Values are read back as this realm's built-ins, and each Buffer, typed
 * array and DataView over a buffer of its own. The bytes are only guaranteed readable by the same or a later Node
 * major version, so each record notes the Node version.
 */
export const v8Serializer: Serializer = {
  id: V8_SERIALIZER_ID,
  serialize(value) {
    refuseWhatV8Loses(value);
    return serialize(value);
  },
  deserialize: (bytes) => adoptIntoThisRealm(deserializeV8(bytes)),
  describe: () => ({ nodeVersion: process.version }),
};
