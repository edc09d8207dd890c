import type { BinaryPayloadType } from '../records/resultRecord';
import { binaryTypeName } from '../values/builtinKind';
import { jsonSerializer } from './jsonSerializer';
import type { Serializer } from './Serializer';
import { unkeptBinary } from './unkeptBinary';
import { v8Serializer } from './v8Serializer';

/**
 * The smallest Buffer or Uint8Array result written as a binary record (format 2). Smaller ones keep the format
 * every earlier reader knows: the point of a binary record is to never hold a second copy of a large result.
 */
export const BINARY_RECORD_MIN_BYTES = 1024 * 1024;

/** The length of the views a binary record's payload is written in (no copy: views of the result's memory). */
export const BINARY_RECORD_CHUNK_BYTES = 1024 * 1024;

/**
 * Whether records of `serializer` may be binary records: the built-in JSON and v8 serializers bring a Buffer or
 * Uint8Array back exactly as its raw bytes do. A compressing serializer, or one of the user's (which may encrypt,
 * or change the bytes), always gets its own payload.
 */
export function readsBinaryRecords(serializer: Serializer): boolean {
  return serializer === jsonSerializer || serializer === v8Serializer;
}

/**
 * The payload type of a result written as a binary record, or `undefined` when it is written through the
 * serializer: a Buffer or plain Uint8Array of at least `BINARY_RECORD_MIN_BYTES`, of its own class (no
 * subclass), with nothing the serializer would refuse (own symbol properties, shared or resizable memory).
 */
export function binaryPayloadType(value: unknown, serializer: Serializer): BinaryPayloadType | undefined {
  if (!readsBinaryRecords(serializer) || !ArrayBuffer.isView(value) || value.byteLength < BINARY_RECORD_MIN_BYTES) {
    return undefined;
  }
  const type = binaryTypeName(value);
  if (type !== 'Buffer' && type !== 'Uint8Array') return undefined;
  // By name, not identity: a Uint8Array made in another realm (a vm, a jest test) is one too.
  if ((Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name !== type) {
    return undefined;
  }
  return unkeptBinary(value, type, '') === undefined ? type : undefined;
}

/** Views of a binary result's bytes, in order, each at most `BINARY_RECORD_CHUNK_BYTES` long. */
export function binaryChunks(value: Uint8Array): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let start = 0; start < value.byteLength; start += BINARY_RECORD_CHUNK_BYTES) {
    chunks.push(value.subarray(start, start + BINARY_RECORD_CHUNK_BYTES));
  }
  return chunks;
}

/**
 * A binary record's result: a view of the payload as read (no copy), so its `byteOffset` is past the record's
 * header and its `buffer` holds the whole record.
 */
export function binaryResult(payloadType: BinaryPayloadType, payload: Uint8Array): Uint8Array {
  return payloadType === 'Buffer'
    ? Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)
    : new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
}
