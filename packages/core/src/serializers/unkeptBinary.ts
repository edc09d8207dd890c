import { types } from 'node:util';
import { withArticle } from '../values/describeClass';
import { NOTHING, unkeptProperty, unkeptSymbolProperty } from './ownProperties';

/**
 * Why binary data would not come back as it was, or `undefined`: shared memory, memory able to grow (both come
 * back as a private, fixed-size copy), or an own property. `type` is its `binaryTypeName`; `whatToDo` ends the
 * reason given for an own property.
 */
export function unkeptBinary(
  value: ArrayBufferView | ArrayBufferLike,
  type: string,
  whatToDo: string,
): string | undefined {
  if (type === 'SharedArrayBuffer') {
    return "a SharedArrayBuffer's memory cannot be shared again once stored; copy it into an ArrayBuffer";
  }
  const what = withArticle(type);
  // A typed array or Buffer lists one own key per element, which costs seconds for a large one: only its symbol
  // keys are looked at.
  const property =
    type === 'ArrayBuffer' || type === 'DataView' ? unkeptProperty(value, NOTHING) : unkeptSymbolProperty(value);
  if (property !== undefined) return `${what} would come back without ${property}; ${whatToDo}`;
  const memory = unkeptMemory(ArrayBuffer.isView(value) ? value.buffer : value);
  return memory === undefined ? undefined : `${what} ${memory}`;
}

function unkeptMemory(buffer: ArrayBufferLike): string | undefined {
  if (types.isSharedArrayBuffer(buffer)) {
    return (
      'would come back over a private copy of its shared memory ' +
      '(a SharedArrayBuffer); copy it into an ArrayBuffer first'
    );
  }
  if ((buffer as { resizable?: boolean }).resizable === true) {
    return 'would come back over a fixed-size ArrayBuffer, not a resizable one; copy it first (slice())';
  }
  return undefined;
}
