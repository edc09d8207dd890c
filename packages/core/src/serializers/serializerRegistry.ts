import { ConfigurationError } from '../errors/ConfigurationError';
import { isSerializerId, SERIALIZER_ID_RULE } from '../records/recordMetadataSchema';
import { COMPRESSIONS, compressed, type Compression } from './compressed';
import { jsonSerializer } from './jsonSerializer';
import type { Serializer } from './Serializer';
import { v8Serializer } from './v8Serializer';

const registered = new Map<string, Serializer>([
  [jsonSerializer.id, jsonSerializer],
  ['json', jsonSerializer],
  [v8Serializer.id, v8Serializer],
]);

/** Makes a serializer of your own readable by id, so records it wrote can be read by any process that registers it. */
export function registerSerializer(serializer: Serializer): void {
  checkSerializerId(serializer, 'registerSerializer');
  if (serializer.id.includes('+')) {
    throw new ConfigurationError(`serializer id "${serializer.id}" must not contain "+" (it marks compression)`);
  }
  registered.set(serializer.id, serializer);
}

/**
 * The serializer for an id such as `json`, `v8`, `gzip+json/v1` or `brotli+v8`, or `undefined` when it is not
 * known in this process (a record written by a serializer not registered here is a miss, never a crash).
 */
export function findSerializer(id: string): Serializer | undefined {
  const plus = id.indexOf('+');
  if (plus === -1) return registered.get(id);
  const compression = id.slice(0, plus) as Compression;
  const inner = findSerializer(id.slice(plus + 1));
  return COMPRESSIONS.includes(compression) && inner !== undefined ? compressed(inner, compression) : undefined;
}

/** A serializer from an option value: a serializer object, or a known id. */
export function resolveSerializer(option: Serializer | string, where: string): Serializer {
  if (typeof option !== 'string') return checkSerializerId(option, where);
  const serializer = findSerializer(option);
  if (serializer === undefined) {
    throw new ConfigurationError(
      `${where}: unknown serializer "${option}"; use json, v8, gzip+json, brotli+v8, ... or registerSerializer()`,
    );
  }
  return serializer;
}

// A record names its serializer, and readers refuse a record naming an id they could not echo safely: a writer
// with such an id would store records nobody reads, so it is refused up front.
function checkSerializerId(serializer: Serializer, where: string): Serializer {
  if (!isSerializerId(serializer.id)) {
    throw new ConfigurationError(
      `${where}: serializer id ${JSON.stringify(serializer.id)} must be ${SERIALIZER_ID_RULE}`,
    );
  }
  return serializer;
}
