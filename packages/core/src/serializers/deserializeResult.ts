import { decodeJsonPayload, type DecodedPayload } from './decodeJsonPayload';
import { jsonSerializer } from './jsonSerializer';
import type { DeserializeOptions, Serializer } from './Serializer';

/**
 * A stored result's payload decoded with the task's serializer, telling a JSON tree when the default serializer
 * built one. Only its own code can vouch for that: a serializer of the user's (or one wrapping the default) may
 * return any value, so what it returns is never taken for a tree.
 */
export function deserializeResult(
  serializer: Serializer,
  payload: Uint8Array,
  options: DeserializeOptions,
): DecodedPayload {
  if (serializer === jsonSerializer) return decodeJsonPayload(payload);
  return { value: serializer.deserialize(payload, options), shape: 'any' };
}
