import { types } from 'node:util';

/**
 * Why bytes over this buffer would not come back as they were, or `undefined`: memory shared with other threads
 * or able to grow comes back as a private, fixed-size copy.
 */
export function unkeptMemory(buffer: ArrayBufferLike): string | undefined {
  if (types.isSharedArrayBuffer(buffer)) {
    return 'would come back over a private copy of its shared memory (a SharedArrayBuffer); copy it into an ArrayBuffer first';
  }
  if ((buffer as { resizable?: boolean }).resizable === true) {
    return 'would come back over a fixed-size ArrayBuffer, not a resizable one; copy it first (slice())';
  }
  return undefined;
}
