import { brotliCompressSync, brotliDecompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';
import type { Serializer } from './Serializer';

export type Compression = 'gzip' | 'brotli';

const codecs: Record<Compression, { compress(bytes: Uint8Array): Buffer; decompress(bytes: Uint8Array): Buffer }> = {
  gzip: { compress: (bytes) => gzipSync(bytes), decompress: (bytes) => gunzipSync(bytes) },
  brotli: {
    // Quality 5 of 11: most of brotli's gain at a fraction of its slowest setting's cost.
    compress: (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 5 } }),
    decompress: (bytes) => brotliDecompressSync(bytes),
  },
};

/** Wraps any serializer with gzip or brotli; its id is `gzip+<inner id>` or `brotli+<inner id>`. */
export function compressed(inner: Serializer, compression: Compression = 'gzip'): Serializer {
  const codec = codecs[compression];
  return {
    id: `${compression}+${inner.id}`,
    serialize: (value) => codec.compress(inner.serialize(value)),
    deserialize: (bytes) => inner.deserialize(codec.decompress(bytes)),
    ...(inner.describe ? { describe: () => inner.describe!() } : {}),
  };
}

export const COMPRESSIONS: readonly Compression[] = ['gzip', 'brotli'];
