import { types } from 'node:util';

/**
 * The memory tier's size estimate as it was before it was calibrated (it stopped after 100 000 nodes), kept to
 * show in the bench what the tier held with it.
 */
export function estimateSizeBefore(value: unknown): number {
  let total = 0;
  let nodes = 0;
  const seen = new Set<object>();
  const stack: unknown[] = [value];
  while (stack.length > 0 && nodes++ < 100_000) {
    const item = stack.pop();
    if (typeof item === 'string') total += 16 + item.length * 2;
    else if (typeof item !== 'object') total += 8;
    else if (item !== null && !seen.has(item)) {
      seen.add(item);
      if (ArrayBuffer.isView(item) || types.isAnyArrayBuffer(item)) total += 32 + item.byteLength;
      else if (types.isMap(item)) {
        total += 32 + item.size * 16;
        for (const [key, entry] of item) stack.push(key, entry);
      } else if (types.isSet(item)) {
        total += 32 + item.size * 8;
        for (const entry of item) stack.push(entry);
      } else if (Array.isArray(item)) {
        total += 32 + item.length * 8;
        for (const entry of item) stack.push(entry);
      } else {
        const keys = Object.keys(item);
        total += 32 + keys.length * 16;
        for (const key of keys) stack.push(key, (item as Record<string, unknown>)[key]);
      }
    }
  }
  return total;
}
