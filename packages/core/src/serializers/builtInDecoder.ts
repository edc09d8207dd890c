import { COMPRESSIONS, compressed, type Compression } from './compressed';
import { jsonSerializer } from './jsonSerializer';
import type { Serializer } from './Serializer';
import { v8Serializer } from './v8Serializer';

/** Serializers that never run code from a record: a reader may decode any record with them. */
const CODE_FREE = new Map<string, Serializer>([
  [jsonSerializer.id, jsonSerializer],
  ['json', jsonSerializer],
  [v8Serializer.id, v8Serializer],
]);

/**
 * The serializer to decode a record written by serializer `id`, from the built-in, code-free ones (json, v8,
 * their gzip and brotli forms) and the ones in `allowed`, or `undefined`. Unlike `findSerializer`, it never
 * looks in the registry: a record does not get to pick code to run by naming it.
 */
export function builtInDecoder(id: string, allowed: readonly Serializer[] = []): Serializer | undefined {
  const given = allowed.find((serializer) => serializer.id === id) ?? CODE_FREE.get(id);
  if (given !== undefined) return given;
  const plus = id.indexOf('+');
  const compression = id.slice(0, plus) as Compression;
  if (plus === -1 || !COMPRESSIONS.includes(compression)) return undefined;
  const inner = builtInDecoder(id.slice(plus + 1), allowed);
  return inner === undefined ? undefined : compressed(inner, compression);
}
