import { CorruptRecordError } from '../errors/CorruptRecordError';
import type { RecordMetadata } from '../records/resultRecord';
import { binaryResult, readsBinaryRecords } from './binaryResults';
import { decodeJsonPayload, type DecodedPayload } from './decodeJsonPayload';
import { jsonSerializer } from './jsonSerializer';
import type { DeserializeOptions, Serializer } from './Serializer';

/**
 * A stored result's payload decoded with the task's serializer, telling a JSON tree when the default serializer
 * built one. Only its own code can vouch for that: a serializer of the user's (or one wrapping the default) may
 * return any value, so what it returns is never taken for a tree. A binary record's payload is the result's bytes
 * (a view of them), for a serializer that reads binary records; for any other it is corrupt.
 */
export function deserializeResult(
  serializer: Serializer,
  payload: Uint8Array,
  options: DeserializeOptions,
  metadata?: Pick<RecordMetadata, 'storageKey' | 'payloadType'>,
): DecodedPayload {
  const payloadType = metadata?.payloadType;
  if (payloadType !== undefined) {
    if (!readsBinaryRecords(serializer)) {
      throw new CorruptRecordError(
        metadata!.storageKey,
        `it is a binary record, and its serializer "${serializer.id}" never writes one`,
      );
    }
    return { value: binaryResult(payloadType, payload), shape: 'any' };
  }
  if (serializer === jsonSerializer) return decodeJsonPayload(payload);
  return { value: serializer.deserialize(payload, options), shape: 'any' };
}
