import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import { DecompressedTooLargeError } from '../errors/DecompressedTooLargeError';
import type { Serializer } from './Serializer';

export type Compression = 'gzip' | 'brotli';

type Decompress = (bytes: Uint8Array, options: { maxOutputLength?: number }) => Buffer;

const codecs: Record<Compression, { compress(bytes: Uint8Array): Buffer; decompress: Decompress }> = {
  gzip: { compress: (bytes) => gzipSync(bytes), decompress: gunzipSync },
  brotli: {
    // Quality 5 of 11: most of brotli's gain at a fraction of its slowest setting's cost.
    compress: (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
    decompress: brotliDecompressSync,
  },
};

/**
 * Wraps any serializer with gzip or brotli; its id is `gzip+<inner id>` or `brotli+<inner id>`. Given
 * `maxBytes`, decompression stops as soon as the output would pass it (zlib's `maxOutputLength`) and throws
 * `DecompressedTooLargeError`: a tiny payload crafted to expand to gigabytes takes no more than the limit.
 */
export function compressed(inner: Serializer, compression: Compression = 'gzip'): Serializer {
  const codec = codecs[compression];
  const id = `${compression}+${inner.id}`;
  return {
    id,
    serialize: (value) => codec.compress(inner.serialize(value)),
    deserialize: (bytes, options = {}) =>
      inner.deserialize(decompress(codec.decompress, id, bytes, options.maxBytes), options),
    ...(inner.describe ? { describe: () => inner.describe!() } : {}),
  };
}

function decompress(codec: Decompress, id: string, bytes: Uint8Array, maxBytes: number | undefined): Buffer {
  if (maxBytes === undefined) return codec(bytes, {});
  try {
    return codec(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw new DecompressedTooLargeError(id, maxBytes);
    throw error;
  }
}

export const COMPRESSIONS: readonly Compression[] = ['gzip', 'brotli'];
