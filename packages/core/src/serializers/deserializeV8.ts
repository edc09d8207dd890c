import { Buffer } from 'node:buffer';
import { DefaultDeserializer } from 'node:v8';

/**
 * `v8.deserialize`, except that every Buffer, typed array and DataView it reads gets a buffer of its own holding
 * exactly its bytes (`byteOffset` 0), as the JSON serializer gives it. Node's own builds each one over the bytes of
 * the whole record, or over its shared 8 KiB pool when those are not aligned for the type: there
 * `new Float32Array(view.buffer)` would show bytes that are not the value's, another record's among them, and two
 * views would share memory that the value written did not share.
 */
export function deserializeV8(bytes: Uint8Array): unknown {
  const deserializer = new OwnBuffersDeserializer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  deserializer.readHeader();
  return deserializer.readValue();
}

// `_readHostObject` is the documented hook through which Node's default deserializer reads every view it wrote.
class OwnBuffersDeserializer extends DefaultDeserializer {
  _readHostObject(): ArrayBufferView {
    const read = (
      DefaultDeserializer.prototype as unknown as { _readHostObject(): ArrayBufferView }
    )._readHostObject.call(this);
    return read.byteOffset === 0 && read.byteLength === read.buffer.byteLength ? read : withOwnBuffer(read);
  }
}

function withOwnBuffer(view: ArrayBufferView): ArrayBufferView {
  const own = (view.buffer as ArrayBuffer).slice(view.byteOffset, view.byteOffset + view.byteLength);
  if (Buffer.isBuffer(view)) return Buffer.from(own);
  if (view instanceof DataView) return new DataView(own);
  // The typed array class Node's deserializer chose for the bytes it read.
  return new (view.constructor as new (buffer: ArrayBuffer) => ArrayBufferView)(own);
}
